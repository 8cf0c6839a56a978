-- Re-indexing the passages a changed coding overlaps asks for the turns and
-- codings of one document that overlap a span. Neither query had an index
-- holding both ends of a span: SQLite scanned a transcript's turns in the
-- primary key's order and looked every row up (1,500 in a 60,000-word
-- transcript), and walked the codings before the span, each looked up in the
-- table for its end. One coding's index sync at 5M words spent 1-3 ms there.
--
-- Where a turn's line lies in the document's text as UTF-8 bytes: a coding's
-- text or a quote's turn is then read from those bytes alone (incremental
-- blob I/O) instead of the whole text, which SQLite reads in full even for
-- substr() (a millisecond for a 60,000-word transcript). Filled for the
-- turns already in the file right after this script (storage::turn_bytes).
ALTER TABLE turns ADD COLUMN byte_start INTEGER CHECK (byte_start >= 0);
ALTER TABLE turns ADD COLUMN byte_end INTEGER CHECK (byte_end >= byte_start);
-- The turns' span index holds every column the overlap queries read.
CREATE INDEX turns_span ON turns(document_id, start, "end", idx, text_start, speaker, case_id, start_ms, byte_start, byte_end);
-- The codings of a document by start now hold their end too. (Dropping
-- this index for the unique one on (document_id, start, "end", code_id,
-- coder_id), which also holds the end, made the document list's coding
-- counts scan that wider index: 9.8 -> 17.3 ms at 5M words.)
DROP INDEX codings_document;
CREATE INDEX codings_document ON codings(document_id, start, "end");
