-- Member registry (issue 3): the national and university fields of DOMAIN.md §2, encrypted
-- personal data with blind indexes, per-field history, sensitive-data access records,
-- correction requests, status events, transfers and Excel import batches.

-- Personal data: *_enc holds key id || nonce || ciphertext (crypto::FieldKey); *_index a keyed
-- BLAKE2b blind index for exact lookup and duplicates; *_mask the masked form every response shows.
ALTER TABLE members ADD COLUMN id_enc {{BLOB}};
ALTER TABLE members ADD COLUMN id_index TEXT;
ALTER TABLE members ADD COLUMN id_mask TEXT;
ALTER TABLE members ADD COLUMN phone_enc {{BLOB}};
ALTER TABLE members ADD COLUMN phone_index TEXT;
ALTER TABLE members ADD COLUMN phone_mask TEXT;
ALTER TABLE members ADD COLUMN address_enc {{BLOB}};
ALTER TABLE members ADD COLUMN address_mask TEXT;

ALTER TABLE members ADD COLUMN ethnicity TEXT;
ALTER TABLE members ADD COLUMN birth_date TEXT;
ALTER TABLE members ADD COLUMN education TEXT;
ALTER TABLE members ADD COLUMN full_on TEXT;            -- 转正日期
ALTER TABLE members ADD COLUMN job TEXT;                -- 工作岗位
-- active, suspended, transferred_out, withdrawn, removed, expelled, deceased, cancelled
ALTER TABLE members ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE members ADD COLUMN status_since TEXT;
ALTER TABLE members ADD COLUMN lost_contact INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN lost_since TEXT;
ALTER TABLE members ADD COLUMN lost_reason TEXT;
ALTER TABLE members ADD COLUMN mobile INTEGER NOT NULL DEFAULT 0;   -- 流动党员
ALTER TABLE members ADD COLUMN mobile_destination TEXT;              -- 外出流向
ALTER TABLE members ADD COLUMN watch_until TEXT;        -- 留党察看 ends (no vote before)
ALTER TABLE members ADD COLUMN student_no {{CTEXT}};      -- 学号/工号
ALTER TABLE members ADD COLUMN department TEXT;         -- 院系
ALTER TABLE members ADD COLUMN class_name TEXT;         -- 年级/班级
ALTER TABLE members ADD COLUMN graduation_on TEXT;      -- (expected) graduation, students
ALTER TABLE members ADD COLUMN name_pinyin {{CTEXT}} NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN name_initials {{CTEXT}} NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN name_sort {{CTEXT}} NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE members ADD COLUMN updated_at BIGINT;

CREATE UNIQUE INDEX members_id_index ON members (id_index);
CREATE UNIQUE INDEX members_student_no ON members (student_no);
CREATE INDEX members_sort ON members (name_sort, id);
-- Covers the scope counts (org_id … status) and a small scope's page in name order.
CREATE INDEX members_org_sort ON members (org_id, name_sort, id, status);
CREATE INDEX members_initials ON members (name_initials);
CREATE INDEX members_pinyin ON members (name_pinyin);
-- Keyset paging by date: the list orders by these very expressions.
CREATE INDEX members_birth ON members ((COALESCE(birth_date, '')), id);
CREATE INDEX members_joined ON members ((COALESCE(joined_on, '')), id);
CREATE INDEX members_full ON members ((COALESCE(full_on, '')), id);
CREATE INDEX members_created ON members (created_at, id);
-- Alerts: people out of reach, and 留党察看 ending.
CREATE INDEX members_lost ON members (lost_contact, status, lost_since);
CREATE INDEX members_watch ON members (watch_until) WHERE watch_until IS NOT NULL;

-- Who changed which field when (sensitive values are stored masked).
CREATE TABLE member_changes (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  source TEXT NOT NULL,                 -- edit, import, correction, event, transfer, create
  changed_by BIGINT REFERENCES accounts(id),
  changed_at BIGINT NOT NULL
);
CREATE INDEX member_changes_member ON member_changes (member_id, id);

-- Every reading of unmasked personal data; shown to the person concerned (PIPL).
CREATE TABLE sensitive_access (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  purpose TEXT NOT NULL,                -- reveal, export
  fields TEXT NOT NULL,                 -- comma-separated field keys
  at BIGINT NOT NULL
);
CREATE INDEX sensitive_access_member ON sensitive_access (member_id, id);

-- A member asks for their record to be corrected; a branch admin decides.
CREATE TABLE member_corrections (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  requested_by BIGINT NOT NULL REFERENCES accounts(id),
  changes {{BLOB}} NOT NULL,            -- sealed JSON {field: new value}
  summary TEXT NOT NULL,                -- masked JSON for lists
  reason TEXT NOT NULL,
  status TEXT NOT NULL,                 -- pending, approved, rejected
  decided_by BIGINT REFERENCES accounts(id),
  decided_at BIGINT,
  decision_reason TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX member_corrections_member ON member_corrections (member_id, id);
CREATE INDEX member_corrections_status ON member_corrections (status, id);

-- Status events (DOMAIN.md §2): what happened, when, who decided, on which document.
CREATE TABLE member_events (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  decided_by TEXT NOT NULL,             -- the deciding body, e.g. "XX党支部支部大会"
  document_no TEXT,
  reason TEXT,                          -- lost-contact reason code
  term_months INTEGER,                  -- 留党察看: 12 or 24
  ends_on TEXT,
  note TEXT,
  status_before TEXT NOT NULL,
  status_after TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES accounts(id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX member_events_member ON member_events (member_id, occurred_on, id);
CREATE INDEX member_events_kind ON member_events (kind, occurred_on);

-- Transfers of organizational relationship (DOMAIN.md §7).
CREATE TABLE transfers (
  id {{ID}},
  direction TEXT NOT NULL,              -- internal, outgoing, incoming
  status TEXT NOT NULL,                 -- requested, approved, completed, rejected, cancelled
  member_id BIGINT REFERENCES members(id),
  member_name TEXT NOT NULL,
  from_org_id BIGINT REFERENCES orgs(id),
  to_org_id BIGINT REFERENCES orgs(id),
  from_path {{CTEXT}},
  to_path {{CTEXT}},
  outside_unit TEXT,                    -- the party organization outside the university
  reason TEXT NOT NULL,
  person {{BLOB}},                      -- incoming: sealed JSON of the person's fields
  requested_by BIGINT NOT NULL REFERENCES accounts(id),
  requested_at BIGINT NOT NULL,
  approved_by BIGINT REFERENCES accounts(id),
  approved_at BIGINT,
  closed_by BIGINT REFERENCES accounts(id),
  closed_at BIGINT,
  reject_reason TEXT,
  letter_year INTEGER,
  letter_no INTEGER,
  letter_issued_on TEXT,
  letter_valid_until TEXT,
  receipt_on TEXT,
  incoming_letter_no TEXT
);
CREATE UNIQUE INDEX transfers_letter ON transfers (letter_year, letter_no);
CREATE INDEX transfers_from ON transfers (from_path, status);
CREATE INDEX transfers_to ON transfers (to_path, status);
CREATE INDEX transfers_member ON transfers (member_id, id);

-- Serial numbers unique per year (introduction letters, later documents of issue 5).
CREATE TABLE serials (
  name TEXT NOT NULL,
  year INTEGER NOT NULL,
  next_value BIGINT NOT NULL,
  PRIMARY KEY (name, year)
);

-- An uploaded roster between preview and confirmation. The normalised rows are sealed (they
-- hold ID numbers); a batch is applied at most once and deleted a day after.
CREATE TABLE import_batches (
  id {{ID}},
  token TEXT NOT NULL UNIQUE,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  file_sha256 TEXT NOT NULL,
  payload {{BLOB}} NOT NULL,
  row_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  applied_at BIGINT
);

INSERT INTO role_capabilities (role, capability) VALUES
  ('system_admin', 'members.read_sensitive'), ('university_admin', 'members.read_sensitive'),
  ('college_admin', 'members.read_sensitive'), ('branch_admin', 'members.read_sensitive');
