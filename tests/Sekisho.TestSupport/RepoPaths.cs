namespace Sekisho.TestSupport;

/// <summary>
/// Where the repository and the shared folder beside it are, seen from a running test. The conformance data
/// lives in <c>../shared</c> and is never copied into the repository; when it is missing the test fails with
/// a message that names the folder (in CI a missing component is a failure, never a skip).
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (the folder holding Sekisho.slnx).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The shared folder beside the repository (SEKISHO_SHARED overrides it).</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("SEKISHO_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A path under the shared folder that must exist for the calling test to mean anything.</summary>
    public static string RequireShared(string relative)
    {
        var path = Path.Combine(Shared, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"conformance data missing: {path} (expected ../shared beside the repository, or SEKISHO_SHARED)");
        return path;
    }

    /// <summary>A path under the repository root.</summary>
    public static string InRepo(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sekisho.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"cannot find Sekisho.slnx above {AppContext.BaseDirectory}");
    }
}
