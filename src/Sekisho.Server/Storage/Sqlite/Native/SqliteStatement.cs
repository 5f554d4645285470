using System.Runtime.InteropServices;
using System.Text;
using static Sekisho.Server.Storage.Sqlite.Native.SqliteNative;

namespace Sekisho.Server.Storage.Sqlite.Native;

/// <summary>A prepared statement: bind parameters (1-based), step through rows, read columns (0-based).</summary>
internal sealed unsafe class SqliteStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteStatementHandle _handle;

    public SqliteStatement(SqliteConnection connection, SqliteStatementHandle handle, string sql)
    {
        _connection = connection;
        _handle = handle;
        Sql = sql;
    }

    public string Sql { get; }

    public SqliteStatement Bind(int index, long value) => Check(BindInt64(_handle, index, value));

    public SqliteStatement BindNull(int index) => Check(SqliteNative.BindNull(_handle, index));

    public SqliteStatement Bind(int index, ReadOnlySpan<byte> blob)
    {
        // A null pointer would bind SQL NULL; an empty value must stay an empty blob.
        byte empty = 0;
        fixed (byte* p = blob)
        {
            return Check(BindBlob(_handle, index, blob.IsEmpty ? &empty : p, blob.Length, Transient));
        }
    }

    public SqliteStatement Bind(int index, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        byte empty = 0;
        fixed (byte* p = bytes)
        {
            return Check(BindText(_handle, index, bytes.Length == 0 ? &empty : p, bytes.Length, Transient));
        }
    }

    /// <summary>Advances to the next row; false when the statement is done.</summary>
    public bool Step()
    {
        var rc = SqliteNative.Step(_handle);
        return rc switch
        {
            SQLITE_ROW => true,
            SQLITE_DONE => false,
            _ => throw _connection.Error("step", rc, Sql),
        };
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Run()
    {
        if (Step()) throw new SqliteException("step", SQLITE_ROW, "a statement expected to return no rows returned one", Sql);
    }

    public bool IsNull(int column) => ColumnType(_handle, column) == SQLITE_NULL;

    public long GetInt64(int column) => ColumnInt64(_handle, column);

    public byte[] GetBlob(int column)
    {
        var pointer = ColumnBlob(_handle, column);
        var length = ColumnBytes(_handle, column);
        if (length == 0 || pointer == IntPtr.Zero) return [];
        return new ReadOnlySpan<byte>((void*)pointer, length).ToArray();
    }

    public string GetText(int column)
    {
        var pointer = ColumnText(_handle, column);
        var length = ColumnBytes(_handle, column);
        return pointer == IntPtr.Zero ? "" : Encoding.UTF8.GetString((byte*)pointer, length);
    }

    public void Reset()
    {
        // reset repeats the last step's error; that error was already thrown by Step, so it is ignored here.
        SqliteNative.Reset(_handle);
        SqliteNative.ClearBindings(_handle);
    }

    public void Dispose() => _handle.Dispose();

    private SqliteStatement Check(int rc) => rc == SQLITE_OK ? this : throw _connection.Error("bind", rc, Sql);
}
