using System.Formats.Tar;
using System.IO.Compression;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests;

/// <summary>
/// The official cedar-integration-tests corpus, unpacked once per test run into a temporary folder (never
/// into the repository) and removed afterwards.
/// </summary>
public sealed class CorpusFixture : IDisposable
{
    public CorpusFixture()
    {
        var archive = RepoPaths.RequireShared("conformance/cedar-integration-tests.tgz");
        Root = Path.Combine(Path.GetTempPath(), "sekisho-cedar-corpus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gzip, Root, overwriteFiles: true);
        var files = new List<string>();
        foreach (var dir in new[] { "tests", "corpus-tests" })
        {
            foreach (var f in Directory.EnumerateFiles(Path.Combine(Root, dir), "*.json", SearchOption.AllDirectories))
            {
                if (f.EndsWith(".entities.json", StringComparison.Ordinal)) continue;
                files.Add(Path.GetRelativePath(Root, f));
            }
        }
        files.Sort(StringComparer.Ordinal);
        TestFiles = files;
    }

    public string Root { get; }

    /// <summary>Test files relative to <see cref="Root"/>, e.g. <c>tests/decimal/1.json</c>.</summary>
    public IReadOnlyList<string> TestFiles { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
