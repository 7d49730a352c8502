-- Party dues (issue 6): the monthly base each member declares (with the member kind and the month
-- it takes effect), approved by the branch; the history is kept. Bills, payments and reports
-- follow in later migrations of this issue.

CREATE TABLE dues_bases (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,                 -- in_service, retired, student, unemployed, relief, farmer
  monthly_base_fen BIGINT NOT NULL,   -- 0 for the fixed-amount kinds
  effective_month TEXT NOT NULL,      -- 'YYYY-MM': from this month on
  status TEXT NOT NULL,               -- pending, approved, rejected
  note TEXT NOT NULL DEFAULT '',
  declared_by BIGINT NOT NULL REFERENCES accounts(id),
  declared_at BIGINT NOT NULL,
  decided_by BIGINT REFERENCES accounts(id),
  decided_at BIGINT,
  reject_reason TEXT
);
-- The base in force for a month: the newest approved one effective by then.
CREATE INDEX dues_bases_member ON dues_bases (member_id, status, effective_month, id);
CREATE INDEX dues_bases_pending ON dues_bases (status, member_id);

INSERT INTO role_capabilities (role, capability) VALUES
  ('system_admin', 'dues.read'), ('system_admin', 'dues.manage'),
  ('university_admin', 'dues.read'), ('university_admin', 'dues.manage'),
  ('college_admin', 'dues.read'), ('college_admin', 'dues.manage'),
  ('branch_admin', 'dues.read'), ('branch_admin', 'dues.manage'),
  ('auditor', 'dues.read');

-- Monthly bills: one per member and month, generated idempotently (the primary key), with the
-- base, kind and rate they were computed from, so a later base does not rewrite history.
CREATE TABLE dues_bills (
  member_id BIGINT NOT NULL REFERENCES members(id),
  month TEXT NOT NULL,                -- 'YYYY-MM'
  org_id BIGINT NOT NULL REFERENCES orgs(id),  -- the member's org when billed (reports by subtree)
  base_id BIGINT NOT NULL REFERENCES dues_bases(id),
  kind TEXT NOT NULL,
  monthly_base_fen BIGINT NOT NULL,
  rate TEXT NOT NULL,
  amount_fen BIGINT NOT NULL,
  policy TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (member_id, month)
);
CREATE INDEX dues_bills_org ON dues_bills (org_id, month);
