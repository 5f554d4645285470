using System.Globalization;

namespace Sekisho.Server.Load;

/// <summary>
/// The whole machine's CPU from the first line of /proc/stat, in ticks: busy (everything but idle and iowait), the
/// kernel's part of it (system, irq, softirq) and the total. Other tenants' work and the kernel's (loopback
/// networking, disk writeback) show here and in no process's own figure.
/// </summary>
public readonly record struct MachineCpu(long Busy, long Kernel, long Total)
{
    public static MachineCpu Read()
    {
        var line = File.ReadLines("/proc/stat").First();
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal ...
        var total = f.Take(8).Sum();
        return new MachineCpu(total - f[3] - f[4], f[2] + f[5] + f[6], total);
    }

    /// <summary>
    /// Busy and kernel shares of all cores between two readings, and the CPU (in % of one core, like the processes'
    /// figures) that went to neither the measured processes nor idle: <paramref name="measuredCpuSeconds"/> are theirs
    /// over <paramref name="seconds"/>. A large <c>elsewhereCpu</c> means another tenant or the kernel's own work took
    /// the cores.
    /// </summary>
    public static string Describe(MachineCpu start, MachineCpu end, double measuredCpuSeconds, double seconds)
    {
        var total = Math.Max(1, end.Total - start.Total);
        var busyShare = (double)(end.Busy - start.Busy) / total;
        var busyCores = busyShare * Environment.ProcessorCount;
        var elsewhere = busyCores - measuredCpuSeconds / seconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"machineBusy={100 * busyShare:F0}% machineKernel={100.0 * (end.Kernel - start.Kernel) / total:F0}% elsewhereCpu={100 * elsewhere:F0}%");
    }
}
