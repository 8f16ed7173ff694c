-- Summary templates the user wrote or duplicated. The body is the template as JSON; the store keeps it
-- as text and leaves its meaning to the templates package. Built-in templates live in the binary, not here.

CREATE TABLE templates (
    name       TEXT PRIMARY KEY,
    body       TEXT NOT NULL, -- JSON
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
