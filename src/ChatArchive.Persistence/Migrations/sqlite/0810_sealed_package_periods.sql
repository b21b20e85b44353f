-- 0810: the period each sealed package covers (its seal statement's periodStart/periodEnd, 'yyyy-MM-dd'), so the
-- coverage report (CIO Rijk-rapportage 2024 §2: per function the period actually secured, and the gaps) is computed
-- from stored facts. NULL for seals recorded before 0810 until the next 'seal' of that chain fills them in.
ALTER TABLE sealed_packages ADD COLUMN period_start TEXT NULL;
ALTER TABLE sealed_packages ADD COLUMN period_end TEXT NULL;
CREATE INDEX ix_sealed_packages_officeholder ON sealed_packages (officeholder_id);
