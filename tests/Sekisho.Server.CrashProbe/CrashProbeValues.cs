namespace Sekisho.Server.CrashProbe;

/// <summary>The values the probe writes, derived from the key so the test can check them without being told.</summary>
public static class CrashProbeValues
{
    public static string For(string key) => $"value of {key} " + new string('x', key.Length * 7 % 300);

    public static string ForAudit(string round, int n) => $"audit record {n} of round {round}";
}
