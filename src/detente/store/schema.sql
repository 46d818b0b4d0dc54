-- détente store schema (SQLite, WAL journal, FTS5). One file, applied idempotently at open.
-- Documented in docs/store.md. Every row that comes from the coder carries its article_id, and every
-- finding carries character offsets (start, end) into articles.text so that it can be highlighted.
-- An article and everything coded from it are written in ONE transaction: a killed ingest leaves
-- either the whole article or nothing, and a re-run skips ids already present.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    seq             INTEGER PRIMARY KEY,       -- storage order; a stable rowid for articles_fts
                                               -- (VACUUM may renumber an implicit rowid)
    id              TEXT NOT NULL UNIQUE,      -- content hash of the body (record.content_id)
    external_id     TEXT,                      -- the input's own id (JSON "id", the file name)
    date            TEXT,                      -- publication date, ISO YYYY-MM-DD
    title           TEXT,
    source          TEXT,                      -- news agency or publisher
    dateline_place  TEXT,
    dateline_source TEXT,
    dateline_text   TEXT,                      -- the dateline as printed, cut from the body
    url             TEXT,
    text            TEXT NOT NULL,             -- body; all offsets point into it
    meta            TEXT NOT NULL DEFAULT '{}',-- JSON: every input field we did not map
    origin          TEXT,                      -- file:line it was first read from
    duplicate_of    TEXT REFERENCES articles(id), -- near-duplicate of this earlier article
    similarity      REAL,                      -- estimated Jaccard similarity to duplicate_of
    tone            REAL,
    topics          TEXT NOT NULL DEFAULT '[]',-- JSON list
    n_words         INTEGER,
    coder_version   TEXT,
    stored_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_dup ON articles(duplicate_of);

-- MinHash signatures, so near-duplicate detection spans ingest runs.
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature  BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    parsed     INTEGER NOT NULL,               -- 1 when the full parse ran on it
    tone       REAL,
    quad_class INTEGER,                        -- parsed only: 0 statement .. 4 material conflict (rules + model)
    quad_model INTEGER,                        -- the learned model's own class ...
    quad_prob  REAL,                           -- ... and its probability
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS actor_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    code       TEXT NOT NULL,
    country    TEXT,
    sector     TEXT,
    name       TEXT,
    how        TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX IF NOT EXISTS mentions_code ON actor_mentions(code);

CREATE TABLE IF NOT EXISTS events (
    id              INTEGER PRIMARY KEY,
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,           -- position within the article's events
    sentence        INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    evidence        TEXT NOT NULL,
    source_code     TEXT, source_country TEXT, source_sector TEXT, source_name TEXT, source_text TEXT,
    target_code     TEXT, target_country TEXT, target_sector TEXT, target_name TEXT, target_text TEXT,
    cameo           TEXT NOT NULL,
    cameo_root      TEXT NOT NULL,
    cameo_name      TEXT,
    plover          TEXT,
    quad_class      INTEGER NOT NULL,
    goldstein       REAL NOT NULL,
    status          TEXT NOT NULL,
    event_date      TEXT NOT NULL,              -- YYYY, YYYY-MM or YYYY-MM-DD
    date_basis      TEXT NOT NULL,
    speaker_code    TEXT, speaker_name TEXT, speaker_text TEXT,
    location        TEXT,
    confidence      REAL NOT NULL,
    rule            TEXT NOT NULL,
    trigger         TEXT,
    topics          TEXT NOT NULL DEFAULT '[]', -- JSON list
    cluster_id      INTEGER,                    -- same real-world event across articles (analytics)
    UNIQUE (article_id, idx)
);
CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country, event_date);
CREATE INDEX IF NOT EXISTS events_date ON events(event_date);
CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo_root);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);

CREATE TABLE IF NOT EXISTS quotes (
    id           INTEGER PRIMARY KEY,
    article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    sentence     INTEGER,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    cue          TEXT,
    speaker_code TEXT, speaker_country TEXT, speaker_sector TEXT, speaker_name TEXT, speaker_text TEXT,
    rule         TEXT,
    UNIQUE (article_id, idx)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_name, speaker_code);

-- What an ingest skipped, and why (the user is told; nothing is silently lost).
CREATE TABLE IF NOT EXISTS ingest_log (
    id       INTEGER PRIMARY KEY,
    run_id   TEXT NOT NULL,
    origin   TEXT NOT NULL,                    -- file:line
    outcome  TEXT NOT NULL,                    -- stored | near-duplicate | duplicate |
                                               -- already-present | skipped | warning
    reason   TEXT,
    article_id TEXT,
    at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS ingest_log_run ON ingest_log(run_id);

-- Full-text search over articles and quotes (external content, kept in sync by triggers).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='porter unicode61'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, speaker_name, content='quotes', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) VALUES ('delete', old.id, old.text, old.speaker_name);
END;
