-- Tematik project schema, version 6: chapters.
--
-- Quote sets (one per chapter or section) are ordered and described. A quote
-- in a set can be trimmed to parts of its coding's span without changing the
-- coding (the gaps are written "[…]"), and can carry an attribution template
-- of its own (a coarser one after a re-identification warning). The
-- project's settings (attribution templates, the k of the re-identification
-- warning) are rows of their own, so changing them is undoable and in the
-- history.
ALTER TABLE quote_sets ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quote_sets ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- JSON [[start, end], …]: code points into the document, within the coding's
-- span, in order and apart; NULL is the whole span.
ALTER TABLE quote_set_items ADD COLUMN parts TEXT;
-- An attribution template for this quote alone; NULL is the project's.
ALTER TABLE quote_set_items ADD COLUMN attribution TEXT;
CREATE INDEX quote_set_items_coding ON quote_set_items(coding_id);
UPDATE quote_sets SET position = (
    SELECT COUNT(*) FROM quote_sets o
     WHERE o.created_at < quote_sets.created_at
        OR (o.created_at = quote_sets.created_at AND o.id < quote_sets.id));

CREATE TABLE project_settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
