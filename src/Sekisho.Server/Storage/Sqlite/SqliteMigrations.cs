namespace Sekisho.Server.Storage.Sqlite;

/// <summary>
/// The SQLite schema, one entry per version. Applied versions are recorded in <c>schema_versions</c>; never edit
/// an entry that has shipped, add a new one.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> Versions =
    [
        // 1: the key-value table, its change feed, the audit log and blobs.
        """
        CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO meta(name, value) VALUES ('revision', 0), ('compacted', 0);
        CREATE TABLE kv(
            key BLOB PRIMARY KEY,
            value BLOB NOT NULL,
            revision INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE changes(
            revision INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            key BLOB NOT NULL,
            value BLOB,
            PRIMARY KEY (revision, seq)) WITHOUT ROWID;
        CREATE TABLE audit(
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            time_ms INTEGER NOT NULL,
            data BLOB NOT NULL);
        CREATE TABLE blobs(
            name TEXT PRIMARY KEY,
            length INTEGER NOT NULL,
            chunks INTEGER NOT NULL,
            created_ms INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE blob_chunks(
            name TEXT NOT NULL,
            seq INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (name, seq)) WITHOUT ROWID;
        """,
        // 2: audit records are stored compressed (AuditCompression); the records of version 1 stay raw (0).
        """
        ALTER TABLE audit ADD COLUMN encoding INTEGER NOT NULL DEFAULT 0;
        """,
    ];
}
