using System.Formats.Tar;
using System.IO.Compression;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.Schema;

/// <summary>
/// The integration-test corpus unpacked once per test run into a temporary folder (the archive is never
/// copied into the repository).
/// </summary>
public static class SchemaCorpus
{
    private static readonly Lazy<string> LazyRoot = new(Unpack);

    /// <summary>The folder holding <c>tests/</c>, <c>corpus-tests/</c> and <c>sample-data/</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Every test-description file (the JSON files that name a policy, entity and schema file).</summary>
    public static IReadOnlyList<string> TestFiles()
    {
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".entities.json", StringComparison.Ordinal)) continue;
            if (file.Contains("sample-data", StringComparison.Ordinal)) continue;
            files.Add(file);
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string Unpack()
    {
        var archive = RepoPaths.RequireShared("conformance/cedar-integration-tests.tgz");
        var target = Path.Combine(Path.GetTempPath(), $"sekisho-cedar-schema-corpus-{Environment.ProcessId}");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        using (var file = File.OpenRead(archive))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, target, overwriteFiles: true);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        };
        return target;
    }
}
