namespace Sekisho.Server.Storage.Sqlite;

/// <summary>SQLite returned an error; carries its result code and the statement that failed.</summary>
public sealed class SqliteException : StorageException
{
    public SqliteException() { }

    public SqliteException(string message) : base(message) { }

    public SqliteException(string message, Exception inner) : base(message, inner) { }

    public SqliteException(string operation, int resultCode, string sqliteMessage, string? sql)
        : base($"SQLite {operation} failed with code {resultCode} ({sqliteMessage})" + (sql is null ? "" : $" in: {sql}"))
    {
        ResultCode = resultCode;
        SqliteMessage = sqliteMessage;
        Sql = sql;
    }

    /// <summary>The extended result code (the primary code is the low byte).</summary>
    public int ResultCode { get; }

    public int PrimaryCode => ResultCode & 0xFF;

    public string SqliteMessage { get; } = "";

    public string? Sql { get; }
}
