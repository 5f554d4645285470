using System.Globalization;

namespace Sekisho.Agent.Native;

/// <summary>
/// The processes of one terminal session (the session id is the pid of the <c>setsid</c> child), found in /proc:
/// a shell's background jobs are in other process groups but the same session, and must go when it ends.
/// </summary>
internal static class SessionProcesses
{
    public static int Signal(int sessionId, int signal)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            if (SessionOf(dir) is (var sid, _) && sid == sessionId && Libc.Kill(pid, signal) == 0)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Whether a process of the session is still running (zombies waiting for their parent do not count).</summary>
    public static bool AnyAlive(int sessionId)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                && SessionOf(dir) is (var sid, var state) && sid == sessionId && state != 'Z' && state != 'X')
            {
                return true;
            }
        }
        return false;
    }

    private static (int Session, char State)? SessionOf(string procDir)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(procDir, "stat"));
        }
        catch (IOException)
        {
            return null; // the process exited while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so parse after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 3 && fields[0].Length == 1
            && int.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sid)
            ? (sid, fields[0][0])
            : null;
    }
}
