using System.Diagnostics;
using Sekisho.Policy.Catalog;
using Xunit.Abstractions;

namespace Sekisho.Policy.Tests;

public sealed class CatalogLoadTests(ITestOutputHelper output)
{
    [Fact]
    public void Loads_the_embedded_catalogue_quickly()
    {
        var sw = Stopwatch.StartNew();
        var first = Load();
        var ssm = first.FindService("ssm");
        var cold = sw.Elapsed;
        Assert.NotNull(ssm);

        const int runs = 5;
        sw.Restart();
        IamCatalog? last = null;
        for (var i = 0; i < runs; i++) last = Load();
        var perLoad = sw.Elapsed / runs;
        sw.Restart();
        var all = last!.Services;
        var parseAll = sw.Elapsed;
        output.WriteLine($"catalogue: first load + ssm {cold.TotalMilliseconds:F1} ms, warm load {perLoad.TotalMilliseconds:F1} ms, " +
                         $"parsing every service {parseAll.TotalMilliseconds:F1} ms; {all.Count} services, {last.ActionCount} actions");
        Assert.Equal(last.ServicePrefixes.Count, all.Count);
        Assert.True(perLoad < TimeSpan.FromSeconds(2), $"loading took {perLoad.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Rejects_text_in_another_format()
    {
        var e = Assert.Throws<CatalogFormatException>(() => IamCatalog.Parse("not a catalogue\n"));
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        var orphan = Assert.Throws<CatalogFormatException>(() => IamCatalog.Parse("sekisho-iam-catalog\t1\tp\tv\nA\tDo\t\t\n"));
        Assert.Contains("line 2: record before the first service", orphan.Message, StringComparison.Ordinal);
        var catalog = IamCatalog.Parse("sekisho-iam-catalog\t1\tp\tv\nS\tx\tX\nK\ta:b\nA\tDo\t\t7\n");
        var bad = Assert.Throws<CatalogFormatException>(() => catalog.FindService("x"));
        Assert.Contains("line 4", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parses_a_small_catalogue()
    {
        var catalog = IamCatalog.Parse(
            "sekisho-iam-catalog\t1\tpkg\t1.2.3\nG\taws:username\nU\tsaml\tsts\nS\tsts\tSTS\nK\t+saml:sub\t+sts:ExternalId\n" +
            "T\trole\tarn:${Partition}:iam::${Account}:role/${RoleNameWithPath}\t\nA\tAssumeRole\t0\t1\n");
        Assert.Equal("1.2.3", catalog.SourceVersion);
        var assume = catalog.FindAction("sts:assumerole")!;
        Assert.True(assume.CanActOn("arn:aws:iam::111122223333:role/Ops"));
        Assert.True(assume.SupportsConditionKey("sts:ExternalId"));
        Assert.False(assume.SupportsConditionKey("saml:sub"));
        Assert.True(catalog.IsKnownConditionKey("saml:sub"));
    }

    [Fact]
    public void Services_parsed_on_demand_are_parsed_once_across_threads()
    {
        var catalog = Load();
        var prefixes = catalog.ServicePrefixes;
        var first = new IamService?[prefixes.Count];
        var second = new IamService?[prefixes.Count];
        Parallel.For(0, prefixes.Count * 2, i => (i % 2 == 0 ? first : second)[i / 2] = catalog.FindService(prefixes[i / 2]));
        for (var i = 0; i < prefixes.Count; i++)
        {
            Assert.NotNull(first[i]);
            Assert.Same(first[i], second[i]);
            Assert.Same(first[i], catalog.Services[i]);
        }
        Assert.Equal(catalog.ActionCount, catalog.Services.Sum(s => s.Actions.Count));
    }

    private static IamCatalog Load()
    {
        using var stream = typeof(IamCatalog).Assembly.GetManifestResourceStream(IamCatalog.ResourceName)!;
        return IamCatalog.Load(stream);
    }
}
