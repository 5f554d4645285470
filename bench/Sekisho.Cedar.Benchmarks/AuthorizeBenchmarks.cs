using BenchmarkDotNet.Attributes;
using Sekisho.Cedar.Authorization;

namespace Sekisho.Cedar.Benchmarks;

/// <summary>One authorization per invocation, cycling through the app's pre-generated random requests.</summary>
[MemoryDiagnoser]
public class AuthorizeBenchmarks
{
    private PreparedApp _app = null!;
    private int _next;

    [Params("gdrive", "github", "tinytodo")]
    public string App { get; set; } = "";

    [Params(5, 50)]
    public int EntitiesPerType { get; set; }

    [GlobalSetup]
    public void Setup() => _app = PreparedApp.For(App, EntitiesPerType);

    [Benchmark]
    public AuthorizationResponse Authorize()
    {
        var requests = _app.Requests;
        var request = requests[_next++ & (requests.Length - 1)];
        return Authorizer.IsAuthorized(request, _app.Policies, _app.Entities);
    }
}
