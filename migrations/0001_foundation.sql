-- Foundation: organization tree, accounts, roles and grants, sessions, members (core fields),
-- branch committees, audit log, notifications.
-- Times are UTC instants in milliseconds (BIGINT); civil dates are TEXT 'YYYY-MM-DD'.

CREATE TABLE orgs (
  id {{ID}},
  parent_id BIGINT REFERENCES orgs(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  -- materialized path '/1/7/42/': "under X" is a range scan on this unique index
  path {{CTEXT}} NOT NULL UNIQUE,
  depth INTEGER NOT NULL,
  -- a college committee that holds delegated approval power (DOMAIN.md §1)
  approval_delegated INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs (parent_id);

CREATE TABLE accounts (
  id {{ID}},
  login TEXT NOT NULL UNIQUE,               -- 学号/工号
  name TEXT NOT NULL,
  password_hash TEXT,                        -- argon2id string; NULL: cannot log in
  must_change_password INTEGER NOT NULL DEFAULT 1,
  totp_secret {{BLOB}},                      -- encrypted with the field key
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,  -- a code is accepted once
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT
);

CREATE TABLE members (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  account_id BIGINT UNIQUE REFERENCES accounts(id),
  name TEXT NOT NULL,
  -- full, probationary, applicant, activist, development_target
  category TEXT NOT NULL,
  gender TEXT,
  -- staff, undergraduate, graduate, retired
  identity TEXT,
  joined_on TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX members_org ON members (org_id, category);

CREATE TABLE roles (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  admin_level INTEGER            -- 0 system, 1 university, 2 college, 3 branch; NULL: not admin
);
CREATE TABLE role_capabilities (
  role TEXT NOT NULL REFERENCES roles(code),
  capability TEXT NOT NULL,
  PRIMARY KEY (role, capability)
);
CREATE TABLE role_grants (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  role TEXT NOT NULL REFERENCES roles(code),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  granted_by BIGINT REFERENCES accounts(id),
  granted_at BIGINT NOT NULL,
  UNIQUE (account_id, role, org_id)
);
CREATE INDEX role_grants_org ON role_grants (org_id);

INSERT INTO roles (code, name, admin_level) VALUES
  ('system_admin', '系统管理员', 0),
  ('university_admin', '校级管理员', 1),
  ('college_admin', '院级管理员', 2),
  ('branch_admin', '支部管理员', 3),
  ('member', '党员', NULL),
  ('auditor', '审计员', NULL);

INSERT INTO role_capabilities (role, capability) VALUES
  ('system_admin', 'system.admin'),
  ('system_admin', 'org.read'), ('system_admin', 'org.manage'), ('system_admin', 'committee.manage'),
  ('system_admin', 'roles.read'), ('system_admin', 'roles.grant'), ('system_admin', 'roles.grant_admin'),
  ('system_admin', 'members.read'), ('system_admin', 'members.manage'),
  ('system_admin', 'accounts.manage'), ('system_admin', 'audit.read'),
  ('university_admin', 'org.read'), ('university_admin', 'org.manage'),
  ('university_admin', 'committee.manage'), ('university_admin', 'roles.read'),
  ('university_admin', 'roles.grant'), ('university_admin', 'roles.grant_admin'),
  ('university_admin', 'members.read'), ('university_admin', 'members.manage'),
  ('university_admin', 'accounts.manage'), ('university_admin', 'audit.read'),
  ('college_admin', 'org.read'), ('college_admin', 'org.manage'),
  ('college_admin', 'committee.manage'), ('college_admin', 'roles.read'),
  ('college_admin', 'roles.grant'), ('college_admin', 'roles.grant_admin'),
  ('college_admin', 'members.read'), ('college_admin', 'members.manage'),
  ('college_admin', 'accounts.manage'),
  ('branch_admin', 'org.read'), ('branch_admin', 'org.manage'),
  ('branch_admin', 'committee.manage'), ('branch_admin', 'roles.read'),
  ('branch_admin', 'roles.grant'), ('branch_admin', 'members.read'),
  ('branch_admin', 'members.manage'),
  ('member', 'self'),
  ('auditor', 'org.read'), ('auditor', 'roles.read'), ('auditor', 'members.read'),
  ('auditor', 'audit.read');

CREATE TABLE sessions (
  id {{ID}},
  token_hash TEXT NOT NULL UNIQUE,       -- SHA-256 of the cookie token; the token is never stored
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  stage TEXT NOT NULL,                   -- ok, totp, totp_enroll, change_password
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- failed-login counters for exponential lockout, keyed 'account:<login>' or 'ip:<address>'
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- 支部委员会: one row per term
CREATE TABLE committees (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  term_start TEXT NOT NULL,
  term_end TEXT NOT NULL,
  ended_on TEXT,                         -- set when the next term starts (换届)
  created_at BIGINT NOT NULL
);
CREATE INDEX committees_org ON committees (org_id);
CREATE TABLE committee_posts (
  committee_id BIGINT NOT NULL REFERENCES committees(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  post TEXT NOT NULL,
  PRIMARY KEY (committee_id, member_id)
);

-- 留痕: append-only, hash-chained. audit_head holds the chain's tip; updating it serializes writers.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  real_actor_id BIGINT,
  ip TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  org_path {{CTEXT}} NOT NULL,
  changes TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_path, seq);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE notifications (
  id {{ID}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_account ON notifications (account_id, id);
