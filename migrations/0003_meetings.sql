-- Organizational life (issue 4): meetings with attendees, leave, check-in and online presence,
-- minutes with amendments and attachments, votes with secret ballots, democratic appraisal,
-- the frequency policy and the bookkeeping of reminders and compliance warnings.

-- The frequency in force per meeting type, per university (a root org): universities sharing a
-- database do not set each other's obligations. DOMAIN.md §4 defaults live in the code; a row
-- here overrides one.
CREATE TABLE meeting_policies (
  org_id BIGINT NOT NULL REFERENCES orgs(id),  -- the university committee (root org)
  type TEXT NOT NULL,
  frequency TEXT NOT NULL,                     -- none, month, quarter, year
  updated_by BIGINT REFERENCES accounts(id),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, type)
);

CREATE TABLE meetings (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,             -- draft, published, cancelled
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  start_date TEXT NOT NULL,         -- local date of the start (compliance periods)
  place TEXT NOT NULL DEFAULT '',
  online_url TEXT NOT NULL DEFAULT '',
  agenda TEXT NOT NULL DEFAULT '',
  host_member_id BIGINT REFERENCES members(id),
  recorder_member_id BIGINT REFERENCES members(id),
  checkin_before_min INTEGER NOT NULL,
  checkin_after_min INTEGER NOT NULL,
  checkin_secret {{BLOB}} NOT NULL, -- HMAC key of the rotating QR token and code
  remind_at BIGINT NOT NULL,        -- the day before, at the configured time
  reminded_at BIGINT,
  minutes_status TEXT NOT NULL DEFAULT 'none',  -- none, draft, approved
  -- Attendance and "held" (minutes recorded and attendance taken), kept by every write that
  -- changes them so compliance reads one row per meeting.
  expected_count INTEGER NOT NULL DEFAULT 0,
  present_count INTEGER NOT NULL DEFAULT 0,
  leave_count INTEGER NOT NULL DEFAULT 0,
  held INTEGER NOT NULL DEFAULT 0,
  cancel_reason TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_at BIGINT
);
CREATE INDEX meetings_org ON meetings (org_id, starts_at);
CREATE INDEX meetings_time ON meetings (starts_at);
-- Compliance reads the held meetings of a year org by org (orgs first, by path range), and this
-- index answers it without touching the table.
CREATE INDEX meetings_org_held ON meetings
  (org_id, held, start_date, type, expected_count, present_count, leave_count);
CREATE INDEX meetings_reminder ON meetings (status, reminded_at, remind_at);

CREATE TABLE meeting_attendees (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  present INTEGER NOT NULL DEFAULT 0,
  method TEXT,                      -- qr, code, manual, online
  checked_in_at BIGINT,
  leave TEXT NOT NULL DEFAULT 'none',  -- none, requested, approved, rejected
  leave_reason TEXT,
  leave_decided_by BIGINT REFERENCES accounts(id),
  online_ms BIGINT NOT NULL DEFAULT 0,
  last_seen_at BIGINT,
  checkin_failures INTEGER NOT NULL DEFAULT 0,  -- wrong 6-digit codes (guessing is cut off)
  PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX meeting_attendees_member ON meeting_attendees (member_id, meeting_id);

CREATE TABLE meeting_minutes (
  meeting_id BIGINT PRIMARY KEY REFERENCES meetings(id),
  content TEXT NOT NULL,
  decisions TEXT NOT NULL,          -- JSON array of text
  criticisms TEXT NOT NULL,         -- JSON array of {member_id, self_criticism, criticism, rectification}
  recorded_by BIGINT NOT NULL REFERENCES accounts(id),
  updated_at BIGINT NOT NULL,
  approved_by BIGINT REFERENCES accounts(id),
  approved_at BIGINT
);

-- Changes to approved minutes (the meeting is locked; these are the audited amendments).
CREATE TABLE meeting_amendments (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  field TEXT NOT NULL,
  before_value TEXT NOT NULL,
  after_value TEXT NOT NULL,
  reason TEXT NOT NULL,
  amended_by BIGINT NOT NULL REFERENCES accounts(id),
  amended_at BIGINT NOT NULL
);
CREATE INDEX meeting_amendments_meeting ON meeting_amendments (meeting_id, id);

-- Uploaded files (minutes attachments now, development materials later), kept in the database
-- so backups and every node have them; checked by magic bytes and checksummed.
CREATE TABLE files (
  id {{ID}},
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content {{BLOB}} NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES accounts(id),
  uploaded_at BIGINT NOT NULL
);

CREATE TABLE meeting_attachments (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  file_id BIGINT NOT NULL REFERENCES files(id),
  PRIMARY KEY (meeting_id, file_id)
);

-- Votes (表决). Tallies (result) are written when the vote closes.
CREATE TABLE votes (
  id {{ID}},
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  kind TEXT NOT NULL,               -- general, admission, conversion
  title TEXT NOT NULL,
  secret INTEGER NOT NULL,
  options TEXT NOT NULL,            -- JSON array of {code, label}
  candidate_member_id BIGINT REFERENCES members(id),
  status TEXT NOT NULL,             -- draft, open, closed
  rule_version TEXT,
  eligible_count INTEGER NOT NULL DEFAULT 0,  -- N, fixed when the vote opens
  present_count INTEGER NOT NULL DEFAULT 0,   -- voting members present when it opened
  result TEXT,                      -- JSON, once closed
  created_by BIGINT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  opened_at BIGINT,
  closed_at BIGINT
);
CREATE INDEX votes_meeting ON votes (meeting_id, id);
CREATE INDEX votes_candidate ON votes (candidate_member_id);

-- Who may vote and who has voted. For a secret vote this table never says how anyone voted,
-- and has no time of voting.
CREATE TABLE vote_voters (
  vote_id BIGINT NOT NULL REFERENCES votes(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  present INTEGER NOT NULL,         -- checked in when the vote opened: may cast a ballot
  voted INTEGER NOT NULL DEFAULT 0,
  choice TEXT,                      -- named votes only
  written_choice TEXT,              -- 书面意见 of an absent voting member (named by nature)
  PRIMARY KEY (vote_id, member_id)
);

-- Secret ballots: a random key, the choice, nothing else. Keyed (and on SQLite stored) by the
-- random key, and rewritten in key order when the vote closes, so neither a column nor the
-- order of stored rows tells who cast a ballot or when.
CREATE TABLE vote_ballots (
  vote_id BIGINT NOT NULL,
  ballot_key TEXT NOT NULL,
  choice TEXT NOT NULL,
  PRIMARY KEY (vote_id, ballot_key)
) {{WITHOUT_ROWID}};

-- 民主评议党员: one per appraisal meeting.
CREATE TABLE appraisals (
  meeting_id BIGINT PRIMARY KEY REFERENCES meetings(id),
  status TEXT NOT NULL,             -- open, grading, closed
  created_by BIGINT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  closed_at BIGINT
);
CREATE TABLE appraisal_subjects (
  meeting_id BIGINT NOT NULL REFERENCES appraisals(meeting_id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  self_assessment TEXT,
  peer_done INTEGER NOT NULL DEFAULT 0,  -- this person has submitted their peer evaluation
  grade TEXT,
  PRIMARY KEY (meeting_id, member_id)
);
-- Peer evaluations, secret like ballots: whom it is about and the grade, not who gave it.
CREATE TABLE appraisal_ballots (
  meeting_id BIGINT NOT NULL,
  ballot_key TEXT NOT NULL,
  subject_member_id BIGINT NOT NULL,
  grade TEXT NOT NULL,
  PRIMARY KEY (meeting_id, ballot_key)
) {{WITHOUT_ROWID}};

-- Compliance warnings sent (one per org, type and period, whichever node sends it).
CREATE TABLE compliance_warnings (
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  type TEXT NOT NULL,
  period_key TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, type, period_key)
);

INSERT INTO role_capabilities (role, capability) VALUES
  ('system_admin', 'meetings.read'), ('system_admin', 'meetings.manage'),
  ('university_admin', 'meetings.read'), ('university_admin', 'meetings.manage'),
  ('college_admin', 'meetings.read'), ('college_admin', 'meetings.manage'),
  ('branch_admin', 'meetings.read'), ('branch_admin', 'meetings.manage'),
  ('auditor', 'meetings.read');
