using System.Runtime.InteropServices;
using System.Text;
using static Sekisho.Server.Storage.Sqlite.Native.SqliteNative;

namespace Sekisho.Server.Storage.Sqlite.Native;

/// <summary>
/// One SQLite connection opened in multi-thread mode: the caller guarantees one user at a time (the store's
/// writer lock or its reader pool). Prepared statements are cached per connection by their SQL text.
/// </summary>
internal sealed class SqliteConnection : IDisposable
{
    private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);
    private readonly List<SqliteStatement> _handedOut = [];

    private SqliteConnection(SqliteConnectionHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    public SqliteConnectionHandle Handle { get; }

    public string Path { get; }

    public static SqliteConnection Open(string path, bool readOnly, TimeSpan busyTimeout)
    {
        var flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                    | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_EXRESCODE;
        var rc = SqliteNative.Open(path, out var db, flags, IntPtr.Zero);
        if (rc != SQLITE_OK)
        {
            // open_v2 hands back a handle even on failure (unless out of memory); its message says why.
            var message = db == IntPtr.Zero ? ErrorText(rc) : Marshal.PtrToStringUTF8(ErrorMessage(db)) ?? ErrorText(rc);
            if (db != IntPtr.Zero) Close(db);
            throw new SqliteException($"open of '{path}'", rc, message, null);
        }
        var handle = new SqliteConnectionHandle(db);
        var connection = new SqliteConnection(handle, path);
        ExtendedResultCodes(handle, 1);
        BusyTimeout(handle, (int)busyTimeout.TotalMilliseconds);
        return connection;
    }

    /// <summary>Runs one or more statements that return no rows we need (pragmas, DDL, BEGIN/COMMIT).</summary>
    public void Execute(string sql)
    {
        var rc = Exec(Handle, sql, IntPtr.Zero, IntPtr.Zero, out var error);
        if (rc != SQLITE_OK)
        {
            var message = error != IntPtr.Zero ? Marshal.PtrToStringUTF8(error) ?? ErrorText(rc) : LastError();
            if (error != IntPtr.Zero) Free(error);
            throw new SqliteException($"exec on '{Path}'", rc, message, sql);
        }
    }

    /// <summary>A cached prepared statement, reset and with its bindings cleared.</summary>
    public SqliteStatement Statement(string sql)
    {
        if (_statements.TryGetValue(sql, out var cached))
        {
            cached.Reset();
        }
        else
        {
            cached = Prepare(sql);
            _statements.Add(sql, cached);
        }
        _handedOut.Add(cached);
        return cached;
    }

    /// <summary>
    /// Resets every cached statement handed out since the last call. A statement left on a row keeps its read
    /// snapshot open: the connection would read stale data, block checkpoints, and fail to start a write
    /// transaction without waiting (SQLITE_BUSY). Call at the end of every unit of work.
    /// </summary>
    public void ResetStatements()
    {
        foreach (var statement in _handedOut) statement.Reset();
        _handedOut.Clear();
    }

    public unsafe SqliteStatement Prepare(string sql)
    {
        var bytes = Encoding.UTF8.GetBytes(sql);
        int rc;
        IntPtr raw;
        fixed (byte* p = bytes)
        {
            rc = SqliteNative.Prepare(Handle, p, bytes.Length, out raw, IntPtr.Zero);
        }
        if (rc != SQLITE_OK) throw Error("prepare", rc, sql);
        if (raw == IntPtr.Zero) throw new SqliteException("prepare", rc, "the text holds no statement", sql);
        return new SqliteStatement(this, new SqliteStatementHandle(raw), sql);
    }

    /// <summary>True when no transaction is open (SQLite may have rolled one back by itself after an error).</summary>
    public bool InAutocommit => GetAutocommit(Handle) != 0;

    public int Changes() => SqliteNative.Changes(Handle);

    public long LastInsertRowId() => SqliteNative.LastInsertRowId(Handle);

    public SqliteException Error(string operation, int rc, string? sql) =>
        new($"{operation} on '{Path}'", rc, LastError(), sql);

    private string LastError()
    {
        var added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            return Marshal.PtrToStringUTF8(ErrorMessage(Handle.DangerousGetHandle())) ?? "no message";
        }
        finally
        {
            if (added) Handle.DangerousRelease();
        }
    }

    private static string ErrorText(int rc) => Marshal.PtrToStringUTF8(ErrorString(rc)) ?? $"code {rc}";

    public void Dispose()
    {
        _handedOut.Clear();
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        Handle.Dispose();
    }
}
