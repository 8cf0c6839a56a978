-- A document's row holds its text, and the columns after the text sit on the
-- overflow pages of a long transcript: SQLite walks the whole chain (100
-- pages for a 60,000-word transcript) to read a document's kind or length.
-- These two indexes hold the small columns, so listing documents and reading
-- one document's summary never touch the text.
-- The list: transcripts and texts by kind in import order, survey answers
-- grouped by question (the document list shows each question once, not
-- each of its thousands of answers).
CREATE INDEX documents_list ON documents(kind, question, sort_key, id, name, char_count, word_count, case_id);
-- One document's summary by id.
CREATE INDEX documents_summary ON documents(id, name, kind, char_count, word_count, case_id, sort_key, question, source_id);
