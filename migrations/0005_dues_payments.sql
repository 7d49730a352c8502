-- Party dues, continued (issue 6): hardship reliefs with two decisions, bills that remember the
-- relief and the standard amount (re-assessment), payments allocated to bills, finance-office
-- statement imports with their unmatched rows, and the 自行脱党 flags already sent.
-- Arrears are not stored anywhere: they are computed from bills and allocations when read.

-- 困难党员减免: a reduced monthly amount (0: exemption) for a range of months. The branch decides
-- first (branch_*), then an administrator of a higher org approves (approved_*); a refusal keeps
-- its reason and step.
CREATE TABLE dues_reliefs (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,                 -- reduction, exemption
  monthly_fen BIGINT NOT NULL,        -- 0 for an exemption
  from_month TEXT NOT NULL,           -- 'YYYY-MM', inclusive
  to_month TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,               -- branch_review, approval_review, approved, rejected
  requested_by BIGINT NOT NULL REFERENCES accounts(id),
  requested_at BIGINT NOT NULL,
  branch_decided_by BIGINT REFERENCES accounts(id),
  branch_decided_at BIGINT,
  branch_note TEXT,
  approved_by BIGINT REFERENCES accounts(id),
  approved_at BIGINT,
  approval_note TEXT,
  rejected_by BIGINT REFERENCES accounts(id),
  rejected_at BIGINT,
  reject_reason TEXT,
  rejected_step TEXT                  -- branch, approval
);
CREATE INDEX dues_reliefs_member ON dues_reliefs (member_id, status, from_month);
CREATE INDEX dues_reliefs_status ON dues_reliefs (status, member_id);

-- What a bill was before any relief (NULL on bills older than this migration: the amount), the
-- relief applied, and when it was last re-assessed.
ALTER TABLE dues_bills ADD COLUMN standard_fen BIGINT;
ALTER TABLE dues_bills ADD COLUMN relief_id BIGINT REFERENCES dues_reliefs(id);
ALTER TABLE dues_bills ADD COLUMN reassessed_at BIGINT;

-- A statement from the finance office, imported once (its SHA-256 per university).
CREATE TABLE dues_imports (
  id {{ID}},
  university_id BIGINT NOT NULL REFERENCES orgs(id),  -- the root org: where the file is unique
  org_id BIGINT NOT NULL REFERENCES orgs(id),         -- where payers were looked for
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,                               -- xlsx, csv
  sha256 TEXT NOT NULL,
  content {{BLOB}} NOT NULL,                          -- the file as received, for the records
  rows_total INTEGER NOT NULL,
  matched INTEGER NOT NULL,
  unmatched INTEGER NOT NULL,
  amount_fen BIGINT NOT NULL,
  matched_fen BIGINT NOT NULL,
  imported_by BIGINT NOT NULL REFERENCES accounts(id),
  imported_at BIGINT NOT NULL,
  UNIQUE (university_id, sha256)
);
CREATE INDEX dues_imports_org ON dues_imports (org_id, imported_at);

-- One payment: dues (allocated to bills) or a voluntary extra payment (special from 1000 yuan).
CREATE TABLE dues_payments (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),  -- the member's org when recorded (reports)
  kind TEXT NOT NULL,                          -- dues, extra
  method TEXT NOT NULL,                        -- cash, transfer, import
  amount_fen BIGINT NOT NULL,
  paid_on TEXT NOT NULL,                       -- 'YYYY-MM-DD'
  special INTEGER NOT NULL DEFAULT 0,
  advance INTEGER NOT NULL DEFAULT 0,          -- pays future months, with the branch's consent
  override_reason TEXT,                        -- back-payment beyond 6 months
  note TEXT NOT NULL DEFAULT '',
  import_id BIGINT REFERENCES dues_imports(id),
  recorded_by BIGINT NOT NULL REFERENCES accounts(id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX dues_payments_member ON dues_payments (member_id, paid_on);
CREATE INDEX dues_payments_org ON dues_payments (org_id, paid_on);

-- Which bills a payment paid, and how much of each.
CREATE TABLE dues_allocations (
  payment_id BIGINT NOT NULL REFERENCES dues_payments(id),
  member_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  amount_fen BIGINT NOT NULL,
  PRIMARY KEY (payment_id, month),
  FOREIGN KEY (member_id, month) REFERENCES dues_bills(member_id, month)
);
CREATE INDEX dues_allocations_bill ON dues_allocations (member_id, month, amount_fen);

-- Statement rows that matched no bill: assigned to a member by hand, or dismissed with a reason.
CREATE TABLE dues_unmatched (
  id {{ID}},
  import_id BIGINT NOT NULL REFERENCES dues_imports(id),
  row_no INTEGER NOT NULL,            -- the row in the spreadsheet
  name TEXT NOT NULL,
  person_no TEXT NOT NULL,            -- 学号/工号 as written
  amount_fen BIGINT NOT NULL,
  paid_on TEXT NOT NULL,
  memo TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  status TEXT NOT NULL,               -- open, assigned, dismissed
  payment_id BIGINT REFERENCES dues_payments(id),
  dismiss_reason TEXT,
  resolved_by BIGINT REFERENCES accounts(id),
  resolved_at BIGINT
);
CREATE INDEX dues_unmatched_import ON dues_unmatched (import_id, status);
CREATE INDEX dues_unmatched_status ON dues_unmatched (status, import_id);

-- 自行脱党 cases already notified to the branch: one row per member and run of unpaid months
-- (identified by its first month), claimed before notifying so several nodes notify once.
CREATE TABLE dues_lapse_flags (
  member_id BIGINT NOT NULL REFERENCES members(id),
  run_start TEXT NOT NULL,
  flagged_at BIGINT NOT NULL,
  PRIMARY KEY (member_id, run_start)
);
