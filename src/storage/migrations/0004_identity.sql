-- Tematik project schema, version 4: ids that survive a copy.
--
-- A project file travels between laptops. Coders are matched by id (each
-- computer's identity), not by name, so two people who share a name stay two
-- coders; the name keeps an index for lookups, no longer a unique one.
DROP INDEX coders_name;
CREATE INDEX coders_name ON coders(name COLLATE NOCASE);

-- The undo stack is per computer: each entry records the computer it was made
-- on, and undo and redo act only on entries made on the computer doing it,
-- so on a copy received from a colleague Ctrl+Z never undoes their change.
-- Entries written before this version have no origin and are not undone.
ALTER TABLE undo_stack ADD COLUMN origin TEXT;
