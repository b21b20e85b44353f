-- 0610: the inbox (web pages) lists a department's open and claimed tasks, overdue first, in pages of 25. The index
-- extends the department index of 0400 with the sort keys (due date, creation), so the inbox's query finds the
-- department's open tasks without reading the completed history; it replaces the shorter index (same prefix).
CREATE INDEX ix_wf_human_tasks_inbox ON wf_human_tasks (department, status, due_at, created_at);
DROP INDEX ix_wf_human_tasks_department;
