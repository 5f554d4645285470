using System.Globalization;

namespace Sekisho.Server.Load;

/// <summary>Command line of the load generator.</summary>
public sealed record LoadOptions(Uri Endpoint, string CredentialsFile, string Operation, string? RoleArn, int Concurrency,
    TimeSpan Duration, TimeSpan Warmup, int? ServerPid, int Presign, int? StorePid)
{
    public const string Usage =
        "usage: Sekisho.Server.Load --endpoint URL --credentials FILE --operation GetCallerIdentity|AssumeRole [--role-arn ARN] " +
        "[--concurrency N] [--duration SECONDS] [--warmup SECONDS] [--server-pid PID] [--store-pid POSTMASTER-PID] [--presign N (signed requests per worker, 0: sign each)]";

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"unexpected argument '{args[i]}'\n{Usage}");
            values[args[i][2..]] = args[++i];
        }
        string Need(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required\n{Usage}");
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var operation = Need("operation");
        if (operation is not ("GetCallerIdentity" or "AssumeRole")) throw new ArgumentException($"--operation {operation} is not GetCallerIdentity or AssumeRole");
        if (operation == "AssumeRole" && !values.ContainsKey("role-arn")) throw new ArgumentException("--role-arn is required for AssumeRole");
        return new LoadOptions(new Uri(Need("endpoint")), Need("credentials"), operation, values.GetValueOrDefault("role-arn"),
            Int("concurrency", 32), TimeSpan.FromSeconds(Int("duration", 10)), TimeSpan.FromSeconds(Int("warmup", 2)),
            values.TryGetValue("server-pid", out var pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null, Int("presign", 64),
            values.TryGetValue("store-pid", out var storePid) ? int.Parse(storePid, CultureInfo.InvariantCulture) : null);
    }
}
