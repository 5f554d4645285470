using System.Globalization;

namespace Sekisho.Server.Load;

/// <summary>CPU time of a process from /proc/PID/stat (utime + stime), in seconds.</summary>
public static class ProcessCpu
{
    public static double Seconds(int pid)
    {
        var rest = Fields(File.ReadAllText($"/proc/{pid}/stat"));
        // utime and stime are fields 14 and 15 (1-based), so 11 and 12 after the command name.
        var ticks = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>
    /// CPU of <paramref name="pid"/> and its children now (a PostgreSQL postmaster and its backends, whose pooled
    /// connections live through a run); children that exited meanwhile are counted in the parent's cutime/cstime
    /// only once reaped, so compare two readings over a steady run.
    /// </summary>
    public static double TreeSeconds(int pid)
    {
        var total = Seconds(pid);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            var rest = Fields(stat);
            if (int.Parse(rest[1], CultureInfo.InvariantCulture) == pid)
                total += (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        return total;
    }

    // The fields after the parenthesised command name (which may hold spaces): state, ppid, ...
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}
