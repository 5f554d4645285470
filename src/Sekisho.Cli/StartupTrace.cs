using System.Diagnostics;
using System.Globalization;

namespace Sekisho.Cli;

/// <summary>
/// With <c>SEKISHO_TRACE_TIMING=1</c>, prints <c>sekisho timing: PHASE MS</c> on stderr, MS being the milliseconds since
/// the process started (the kernel's start time, so the runtime's own start is counted), to see where the time to
/// open a session goes. Off (one static flag test) otherwise.
/// </summary>
public static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("SEKISHO_TRACE_TIMING") == "1";
    private static readonly DateTime Started = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;

    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }
        var ms = (DateTime.UtcNow - Started).TotalMilliseconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sekisho timing: {phase} {ms:F1}"));
    }
}
