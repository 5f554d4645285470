using System.Runtime.InteropServices;

namespace Sekisho.Server.Storage.Sqlite.Native;

/// <summary>An open <c>sqlite3*</c>; closing uses close_v2 so a statement finalized late cannot crash the process.</summary>
internal sealed class SqliteConnectionHandle : SafeHandle
{
    public SqliteConnectionHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public SqliteConnectionHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => SqliteNative.Close(handle) == SqliteNative.SQLITE_OK;
}
