-- Party dues policy per university (DOMAIN.md §6): the base is re-assessed from the month a new
-- salary applies ('monthly', the default when no row exists) or once a year ('yearly': a new
-- base takes effect in January).
CREATE TABLE dues_settings (
  university_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  reassess TEXT NOT NULL
);
