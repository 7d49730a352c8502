-- Member development (发展党员, issue 5): one case per person's pipeline, every step recorded with
-- its date, who recorded it, the org that did or approved it, the rule version it was checked
-- against, comments and materials. Deadlines and to-do items are computed from these dates when
-- read; no job keeps a status up to date.

CREATE TABLE dev_cases (
  id {{ID}},
  member_id BIGINT NOT NULL REFERENCES members(id),
  university_id BIGINT NOT NULL REFERENCES orgs(id),  -- whose holidays and extra steps apply
  rule_version TEXT NOT NULL,          -- '2014', '2026': the rule set the case follows
  status TEXT NOT NULL,                -- active, completed, cancelled
  last_number INTEGER NOT NULL,        -- the highest standard step recorded (1..25), for boards
  leaves_on TEXT,                      -- leaving the unit, when known beyond the registry's
                                       -- graduation date
  extension_months INTEGER NOT NULL DEFAULT 0,
  conversion_outcome TEXT NOT NULL DEFAULT '',  -- the latest conversion vote: convert/extend/cancel
  cancel_reason TEXT,
  cancelled_on TEXT,
  created_by BIGINT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
-- At most one open case per person.
CREATE UNIQUE INDEX dev_cases_open ON dev_cases (member_id) WHERE status = 'active';
CREATE INDEX dev_cases_member ON dev_cases (member_id, id);

CREATE TABLE dev_steps (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES dev_cases(id),
  step TEXT NOT NULL,                  -- a standard step's code, or an extra step's 'x<id>'
  number INTEGER NOT NULL,             -- 1..25; an extra step: the standard step it follows
  done_on TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),  -- the org that did it or approved it
  comments TEXT NOT NULL DEFAULT '',
  late_reason TEXT,                    -- recorded after its deadline: the written explanation
  data TEXT NOT NULL DEFAULT '{}',     -- the step's own inputs (JSON): people, hours, serial, vote
  rule_version TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES accounts(id),
  recorded_at BIGINT NOT NULL,
  superseded INTEGER NOT NULL DEFAULT 0  -- a pre-review or conversion vote recorded again
);
CREATE INDEX dev_steps_case ON dev_steps (case_id, number, id);

-- Materials of a step (files from POST /files, SHA-256 kept there).
CREATE TABLE dev_step_files (
  step_id BIGINT NOT NULL REFERENCES dev_steps(id),
  file_id BIGINT NOT NULL REFERENCES files(id),
  PRIMARY KEY (step_id, file_id)
);

-- Contact persons (培养联系人) and introducers (入党介绍人): who they are for whom.
CREATE TABLE dev_people (
  case_id BIGINT NOT NULL REFERENCES dev_cases(id),
  role TEXT NOT NULL,                  -- contact, introducer
  member_id BIGINT NOT NULL REFERENCES members(id),
  step_id BIGINT NOT NULL REFERENCES dev_steps(id),
  PRIMARY KEY (case_id, role, member_id)
);
CREATE INDEX dev_people_member ON dev_people (member_id);

-- Publicities (公示) before a step: before naming a development target (2026 rules), or before a
-- university's extra step. Started once per case and step; the serial is printed on the notice.
CREATE TABLE dev_publicities (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES dev_cases(id),
  step TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  working_days INTEGER NOT NULL,
  ends_on TEXT NOT NULL,
  serial TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  UNIQUE (case_id, step)
);

-- The working-day calendar: official holidays, and weekend days that are working days (调休).
CREATE TABLE dev_calendar (
  university_id BIGINT NOT NULL REFERENCES orgs(id),
  day TEXT NOT NULL,
  kind TEXT NOT NULL,                  -- holiday, workday
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (university_id, day)
);

-- A university's own steps (e.g. a second publicity before conversion) and its rule version.
CREATE TABLE dev_extra_steps (
  id {{ID}},
  university_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  after_number INTEGER NOT NULL,       -- sits after this standard step
  publicity_working_days INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE TABLE dev_settings (
  university_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  rule_version TEXT NOT NULL
);

-- Reminders sent ahead of deadlines: one row claims one (case, item, deadline, lead) so every
-- node may run the scheduler and a restart catches up without sending twice.
CREATE TABLE dev_reminders (
  case_id BIGINT NOT NULL REFERENCES dev_cases(id),
  kind TEXT NOT NULL,
  due_on TEXT NOT NULL,
  lead TEXT NOT NULL,                  -- 'ahead' (within kReminderLeadDays before) or 'overdue'
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (case_id, kind, due_on, lead)
);

INSERT INTO role_capabilities (role, capability) VALUES
  ('system_admin', 'development.read'), ('system_admin', 'development.manage'),
  ('system_admin', 'development.approve'),
  ('university_admin', 'development.read'), ('university_admin', 'development.manage'),
  ('university_admin', 'development.approve'),
  ('college_admin', 'development.read'), ('college_admin', 'development.manage'),
  ('college_admin', 'development.approve'),
  ('branch_admin', 'development.read'), ('branch_admin', 'development.manage'),
  ('auditor', 'development.read');
