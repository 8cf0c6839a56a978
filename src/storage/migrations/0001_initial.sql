-- Tematik project schema, version 1.
--
-- Conventions:
--  * identities are UUIDs stored as 36-character lower-case text;
--  * times are UTC, RFC 3339 text with a trailing 'Z';
--  * text positions are Unicode code points into the NFC document text, end exclusive;
--  * every table has a primary key: the undo log addresses rows by it.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE coders (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    color      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX coders_name ON coders(name COLLATE NOCASE);

-- One row per imported file: re-importing the same bytes is detected by sha256.
CREATE TABLE sources (
    id          TEXT PRIMARY KEY NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    format      TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL REFERENCES coders(id)
);

CREATE TABLE cases (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('respondent', 'participant', 'team', 'organisation')),
    parent_id  TEXT REFERENCES cases(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX cases_kind_name ON cases(kind, name);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('focus_group', 'interview', 'survey_answer', 'text')),
    text        TEXT NOT NULL,
    char_count  INTEGER NOT NULL CHECK (char_count >= 0),
    word_count  INTEGER NOT NULL CHECK (word_count >= 0),
    source_id   TEXT REFERENCES sources(id),
    -- Survey answers: the respondent and the question they answer.
    case_id     TEXT REFERENCES cases(id),
    question    TEXT,
    sort_key    INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX documents_source ON documents(source_id);
CREATE INDEX documents_case ON documents(case_id);

CREATE TABLE turns (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL CHECK (idx >= 0),
    speaker     TEXT NOT NULL,
    case_id     TEXT REFERENCES cases(id),
    -- The turn's line runs from start to end; its text (after "Speaker: ")
    -- starts at text_start.
    start       INTEGER NOT NULL CHECK (start >= 0),
    text_start  INTEGER NOT NULL CHECK (text_start >= start),
    "end"       INTEGER NOT NULL CHECK ("end" >= text_start),
    start_ms    INTEGER,
    PRIMARY KEY (document_id, idx)
);
CREATE INDEX turns_case ON turns(case_id);

CREATE TABLE attributes (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    scope      TEXT NOT NULL CHECK (scope IN ('case', 'document')),
    value_type TEXT NOT NULL CHECK (value_type IN ('text', 'number', 'date', 'category')),
    sort_key   INTEGER NOT NULL
);
CREATE UNIQUE INDEX attributes_scope_name ON attributes(scope, name COLLATE NOCASE);

CREATE TABLE case_attributes (
    case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    attribute_id TEXT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    value        TEXT NOT NULL,
    PRIMARY KEY (case_id, attribute_id)
);
CREATE INDEX case_attributes_value ON case_attributes(attribute_id, value);

CREATE TABLE document_attributes (
    document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    attribute_id TEXT NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    value        TEXT NOT NULL,
    PRIMARY KEY (document_id, attribute_id)
);
CREATE INDEX document_attributes_value ON document_attributes(attribute_id, value);

CREATE TABLE codes (
    id         TEXT PRIMARY KEY NOT NULL,
    parent_id  TEXT REFERENCES codes(id),
    position   INTEGER NOT NULL CHECK (position >= 0),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    color      TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL CHECK (role IN ('theme', 'subtheme', 'code')),
    status     TEXT NOT NULL CHECK (status IN ('candidate', 'reviewed', 'final', 'discarded')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES coders(id)
);
CREATE INDEX codes_parent ON codes(parent_id, position);

CREATE TABLE tag_dimensions (
    id         TEXT PRIMARY KEY NOT NULL,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    multi      INTEGER NOT NULL CHECK (multi IN (0, 1)),
    definition TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL
);

CREATE TABLE tag_values (
    id           TEXT PRIMARY KEY NOT NULL,
    dimension_id TEXT NOT NULL REFERENCES tag_dimensions(id) ON DELETE CASCADE,
    key          TEXT NOT NULL,
    label        TEXT NOT NULL,
    alias        TEXT NOT NULL DEFAULT '',
    color        TEXT,
    definition   TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL,
    UNIQUE (dimension_id, key)
);

CREATE TABLE code_tags (
    code_id  TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    value_id TEXT NOT NULL REFERENCES tag_values(id) ON DELETE CASCADE,
    PRIMARY KEY (code_id, value_id)
);

CREATE TABLE codings (
    id          TEXT PRIMARY KEY NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL CHECK (start >= 0),
    "end"       INTEGER NOT NULL CHECK ("end" > start),
    code_id     TEXT NOT NULL REFERENCES codes(id),
    coder_id    TEXT NOT NULL REFERENCES coders(id),
    created_at  TEXT NOT NULL,
    -- The coded text, cut out once when coding, so listing every quote of a
    -- large code never re-reads whole documents.
    text        TEXT NOT NULL,
    UNIQUE (document_id, start, "end", code_id, coder_id)
);
CREATE INDEX codings_code ON codings(code_id);
CREATE INDEX codings_document ON codings(document_id, start);

-- A coding's own tags. Where a coding has any value of a dimension, those
-- values win over its code's default tags for that dimension.
CREATE TABLE coding_tags (
    coding_id TEXT NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
    value_id  TEXT NOT NULL REFERENCES tag_values(id) ON DELETE CASCADE,
    PRIMARY KEY (coding_id, value_id)
);
CREATE INDEX coding_tags_value ON coding_tags(value_id);

-- The journal has no target; every other memo has exactly one.
CREATE TABLE memos (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
    code_id     TEXT REFERENCES codes(id) ON DELETE CASCADE,
    coding_id   TEXT REFERENCES codings(id) ON DELETE CASCADE,
    case_id     TEXT REFERENCES cases(id) ON DELETE CASCADE,
    coder_id    TEXT NOT NULL REFERENCES coders(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK ((document_id IS NOT NULL) + (code_id IS NOT NULL) + (coding_id IS NOT NULL) + (case_id IS NOT NULL) <= 1)
);
CREATE INDEX memos_document ON memos(document_id);
CREATE INDEX memos_code ON memos(code_id);
CREATE INDEX memos_coding ON memos(coding_id);
CREATE INDEX memos_case ON memos(case_id);

CREATE TABLE quote_sets (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES coders(id)
);

CREATE TABLE quote_set_items (
    quote_set_id TEXT NOT NULL REFERENCES quote_sets(id) ON DELETE CASCADE,
    coding_id    TEXT NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (quote_set_id, coding_id)
);

-- Append-only change history: who did what, when.
CREATE TABLE history (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    id       TEXT NOT NULL UNIQUE,
    at       TEXT NOT NULL,
    coder_id TEXT NOT NULL REFERENCES coders(id),
    kind     TEXT NOT NULL,
    summary  TEXT NOT NULL,
    details  TEXT NOT NULL,
    -- For 'undo' and 'redo' entries, the entry they act on.
    target   INTEGER REFERENCES history(seq)
);

-- The undo stack: row images of what each undoable operation changed, as SQL
-- statements that replay it (forward) or revert it (inverse). Entries with
-- undone = 1 always form a suffix of the stack: they are what redo replays.
CREATE TABLE undo_stack (
    history_seq INTEGER PRIMARY KEY REFERENCES history(seq),
    forward     TEXT NOT NULL,
    inverse     TEXT NOT NULL,
    undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);
