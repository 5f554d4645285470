using System.Runtime.InteropServices;

namespace Sekisho.Server.Storage.Sqlite.Native;

/// <summary>A prepared <c>sqlite3_stmt*</c>, finalized when released.</summary>
internal sealed class SqliteStatementHandle : SafeHandle
{
    public SqliteStatementHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        // finalize returns the error of the last step, not a failure to finalize; the memory is freed either way.
        SqliteNative.Finalize(handle);
        return true;
    }
}
