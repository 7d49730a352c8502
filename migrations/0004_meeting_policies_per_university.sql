-- The frequency policy belongs to a university (a root org): universities sharing a database must
-- not set each other's obligations, and every table stays keyed by university (DESIGN.md,
-- "Durability and scale"). Overrides made so far apply to every university that existed.
CREATE TABLE meeting_policies_by_university (
  org_id BIGINT NOT NULL REFERENCES orgs(id),  -- the university committee (root org)
  type TEXT NOT NULL,
  frequency TEXT NOT NULL,                     -- none, month, quarter, year
  updated_by BIGINT REFERENCES accounts(id),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, type)
);
INSERT INTO meeting_policies_by_university (org_id, type, frequency, updated_by, updated_at)
  SELECT o.id, p.type, p.frequency, p.updated_by, p.updated_at
  FROM meeting_policies p CROSS JOIN orgs o WHERE o.parent_id IS NULL;
DROP TABLE meeting_policies;
ALTER TABLE meeting_policies_by_university RENAME TO meeting_policies;
