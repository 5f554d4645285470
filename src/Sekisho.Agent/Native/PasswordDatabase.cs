using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Sekisho.Agent.Native;

/// <summary><c>getpwnam_r</c>: finds users through NSS as login does (files, LDAP, SSSD).</summary>
internal static class PasswordDatabase
{
    public static unsafe OsUser? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var size = 4096;
        while (true)
        {
            var buffer = new byte[size];
            var entry = default(Libc.Passwd);
            int rc;
            IntPtr result;
            fixed (byte* p = buffer)
            {
                rc = Libc.GetPwNamR(name, ref entry, p, (nuint)size, out result);
                if (rc == 0 && result != IntPtr.Zero)
                {
                    return new OsUser(
                        Marshal.PtrToStringUTF8(entry.Name) ?? name,
                        entry.Uid,
                        entry.Gid,
                        Marshal.PtrToStringUTF8(entry.Dir) ?? "/",
                        Marshal.PtrToStringUTF8(entry.Shell) is { Length: > 0 } shell ? shell : "/bin/sh");
                }
            }
            if (rc == Libc.ERange && size < 1 << 20)
            {
                size *= 4;
                continue;
            }
            // POSIX lets "no such user" come back as 0 or as ENOENT, ESRCH, EBADF or EPERM with a null result.
            if (rc is 0 or 1 or 2 or 3 or 9)
            {
                return null;
            }
            throw new Win32Exception(rc, $"getpwnam_r('{name}') failed: {Marshal.GetPInvokeErrorMessage(rc)}");
        }
    }

    public static bool IsRoot => Libc.GetEuid() == 0;
}
