-- Nexus schema on PostgreSQL: the same tables and sealed fields as on SQLite (ADR-0041, ADR-0090).
-- Paths and names sort in byte order ("C" collation) so list order matches SQLite's.
CREATE TABLE nexus_meta (
  name TEXT COLLATE "C" PRIMARY KEY,
  value BYTEA NOT NULL
);

CREATE TABLE secret_metadata (
  path TEXT COLLATE "C" PRIMARY KEY,
  encrypted_index BYTEA NOT NULL
);

CREATE TABLE secret_versions (
  path TEXT COLLATE "C" NOT NULL,
  version INTEGER NOT NULL,
  encrypted_values BYTEA NOT NULL,
  PRIMARY KEY (path, version)
);

CREATE TABLE policies (
  name TEXT COLLATE "C" PRIMARY KEY,
  encrypted_policy BYTEA NOT NULL
);

-- At most one row: the Bootstrap run that owns the keying of this cluster (ADR-0092).
CREATE TABLE bootstrap_claim (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token TEXT NOT NULL,
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
