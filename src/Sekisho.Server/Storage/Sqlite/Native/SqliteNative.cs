using System.Runtime.InteropServices;

namespace Sekisho.Server.Storage.Sqlite.Native;

/// <summary>
/// The few entry points of the system SQLite library we use. Bound to the versioned soname so that only
/// Debian's runtime package <c>libsqlite3-0</c> is needed, not the <c>-dev</c> symlink.
/// </summary>
internal static unsafe partial class SqliteNative
{
    private const string Library = "libsqlite3.so.0";

    public const int SQLITE_OK = 0;
    public const int SQLITE_BUSY = 5;
    public const int SQLITE_LOCKED = 6;
    public const int SQLITE_CONSTRAINT = 19;
    public const int SQLITE_ROW = 100;
    public const int SQLITE_DONE = 101;

    public const int SQLITE_OPEN_READONLY = 0x00000001;
    public const int SQLITE_OPEN_READWRITE = 0x00000002;
    public const int SQLITE_OPEN_CREATE = 0x00000004;
    public const int SQLITE_OPEN_NOMUTEX = 0x00008000;
    public const int SQLITE_OPEN_PRIVATECACHE = 0x00040000;
    public const int SQLITE_OPEN_EXRESCODE = 0x02000000;

    public const int SQLITE_INTEGER = 1;
    public const int SQLITE_FLOAT = 2;
    public const int SQLITE_TEXT = 3;
    public const int SQLITE_BLOB = 4;
    public const int SQLITE_NULL = 5;

    /// <summary>SQLITE_TRANSIENT: SQLite copies bound data before the bind call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    [LibraryImport(Library, EntryPoint = "sqlite3_open_v2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string filename, out IntPtr db, int flags, IntPtr vfs);

    [LibraryImport(Library, EntryPoint = "sqlite3_close_v2")]
    public static partial int Close(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_prepare_v2")]
    public static partial int Prepare(SqliteConnectionHandle db, byte* sql, int length, out IntPtr statement, IntPtr tail);

    [LibraryImport(Library, EntryPoint = "sqlite3_exec", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Exec(SqliteConnectionHandle db, string sql, IntPtr callback, IntPtr argument, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "sqlite3_free")]
    public static partial void Free(IntPtr memory);

    [LibraryImport(Library, EntryPoint = "sqlite3_busy_timeout")]
    public static partial int BusyTimeout(SqliteConnectionHandle db, int milliseconds);

    [LibraryImport(Library, EntryPoint = "sqlite3_extended_result_codes")]
    public static partial int ExtendedResultCodes(SqliteConnectionHandle db, int on);

    [LibraryImport(Library, EntryPoint = "sqlite3_errmsg")]
    public static partial IntPtr ErrorMessage(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_errstr")]
    public static partial IntPtr ErrorString(int code);

    [LibraryImport(Library, EntryPoint = "sqlite3_extended_errcode")]
    public static partial int ExtendedErrorCode(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_changes")]
    public static partial int Changes(SqliteConnectionHandle db);

    [LibraryImport(Library, EntryPoint = "sqlite3_last_insert_rowid")]
    public static partial long LastInsertRowId(SqliteConnectionHandle db);

    [LibraryImport(Library, EntryPoint = "sqlite3_get_autocommit")]
    public static partial int GetAutocommit(SqliteConnectionHandle db);

    [LibraryImport(Library, EntryPoint = "sqlite3_libversion")]
    public static partial IntPtr LibraryVersion();

    [LibraryImport(Library, EntryPoint = "sqlite3_finalize")]
    public static partial int Finalize(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(SqliteStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_clear_bindings")]
    public static partial int ClearBindings(SqliteStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(SqliteStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    public static partial int BindInt64(SqliteStatementHandle statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    public static partial int BindNull(SqliteStatementHandle statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob")]
    public static partial int BindBlob(SqliteStatementHandle statement, int index, byte* value, int length, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    public static partial int BindText(SqliteStatementHandle statement, int index, byte* value, int length, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_parameter_count")]
    public static partial int BindParameterCount(SqliteStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_count")]
    public static partial int ColumnCount(SqliteStatementHandle statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    public static partial int ColumnType(SqliteStatementHandle statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    public static partial long ColumnInt64(SqliteStatementHandle statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    public static partial IntPtr ColumnBlob(SqliteStatementHandle statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_text")]
    public static partial IntPtr ColumnText(SqliteStatementHandle statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    public static partial int ColumnBytes(SqliteStatementHandle statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_db_handle")]
    public static partial IntPtr DatabaseHandle(SqliteStatementHandle statement);
}
