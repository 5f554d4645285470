using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>
/// The <c>.cedar</c> policy files of the integration-test corpus, read once per test run straight from the
/// archive in <c>../shared/conformance</c> (only the policy files are needed, so nothing is written to disk).
/// </summary>
public static class CedarCorpusPolicies
{
    private static readonly Lazy<IReadOnlyList<KeyValuePair<string, string>>> Files = new(Load);

    /// <summary>(archive path, text) of every <c>.cedar</c> file, in archive order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All => Files.Value;

    private static List<KeyValuePair<string, string>> Load()
    {
        var archive = RepoPaths.RequireShared("conformance/cedar-integration-tests.tgz");
        var result = new List<KeyValuePair<string, string>>();
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            if (!entry.Name.EndsWith(".cedar", StringComparison.Ordinal) || entry.DataStream is null) continue;
            using var reader = new StreamReader(entry.DataStream, Encoding.UTF8);
            result.Add(new(entry.Name, reader.ReadToEnd()));
        }
        return result;
    }
}
