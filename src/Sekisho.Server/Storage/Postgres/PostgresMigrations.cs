namespace Sekisho.Server.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, one entry per version, with <c>{s}</c> standing for the quoted schema name. Applied
/// versions are recorded in <c>schema_versions</c>; never edit an entry that has shipped, add a new one.
/// </summary>
internal static class PostgresMigrations
{
    public static readonly IReadOnlyList<string> Versions =
    [
        // 1: keys are bytea so they order by their UTF-8 bytes whatever the database collation is.
        """
        CREATE TABLE {s}.meta(name text PRIMARY KEY, value bigint NOT NULL);
        INSERT INTO {s}.meta(name, value) VALUES ('revision', 0), ('compacted', 0), ('audit', 0);
        CREATE TABLE {s}.kv(
            key bytea PRIMARY KEY,
            value bytea NOT NULL,
            revision bigint NOT NULL);
        CREATE TABLE {s}.changes(
            revision bigint NOT NULL,
            seq integer NOT NULL,
            kind smallint NOT NULL,
            key bytea NOT NULL,
            value bytea,
            PRIMARY KEY (revision, seq));
        CREATE TABLE {s}.audit(
            position bigint PRIMARY KEY,
            time timestamptz NOT NULL,
            data bytea NOT NULL);
        CREATE TABLE {s}.blobs(
            name text PRIMARY KEY,
            length bigint NOT NULL,
            chunks integer NOT NULL,
            created timestamptz NOT NULL);
        CREATE TABLE {s}.blob_chunks(
            name text NOT NULL,
            seq integer NOT NULL,
            data bytea NOT NULL,
            PRIMARY KEY (name, seq));
        """,
        // 2: an audit record is a batch of up to 256 JSON events (tens of KiB), which PostgreSQL compresses when it
        // stores it; its default, pglz, cost the database more CPU under load than everything else per request.
        // lz4 is several times cheaper. A server built without lz4 (or before 14) keeps pglz.
        """
        DO $$
        BEGIN
            ALTER TABLE {s}.audit ALTER COLUMN data SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR syntax_error THEN
            NULL;
        END
        $$;
        """,
    ];
}
