-- Tematik project schema, version 5: theme review.
--
-- A node's definition gains a scope note ("omfattar … / omfattar inte …");
-- its review status records who set it and when; a node can be laid on the
-- discard pile ("Övrigt / kasserade") without being deleted: it keeps its
-- parent and position, so restoring it puts it back exactly where it was,
-- and it is out of the analysis while it or any node above it is
-- discarded. Example quotes are pinned to a node from its codings, in order.
ALTER TABLE codes ADD COLUMN scope_includes TEXT NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN scope_excludes TEXT NOT NULL DEFAULT '';
ALTER TABLE codes ADD COLUMN status_at TEXT;
ALTER TABLE codes ADD COLUMN status_by TEXT REFERENCES coders(id);
ALTER TABLE codes ADD COLUMN discarded_at TEXT;
ALTER TABLE codes ADD COLUMN discarded_by TEXT REFERENCES coders(id);

CREATE TABLE code_examples (
    code_id   TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    coding_id TEXT NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (code_id, coding_id)
);
CREATE INDEX code_examples_coding ON code_examples(coding_id);

-- The discard pile is not a status: a node an older version marked
-- 'discarded' is laid on the pile, as a candidate.
UPDATE codes SET discarded_at = created_at, discarded_by = created_by, status = 'candidate'
 WHERE status = 'discarded';
-- The search index records the revision it reflects; those codes' status
-- changed, so the revision advances and the index is built again.
UPDATE meta SET value = CAST(value AS INTEGER) + 1
 WHERE key = 'revision' AND EXISTS (SELECT 1 FROM codes WHERE discarded_at IS NOT NULL);
