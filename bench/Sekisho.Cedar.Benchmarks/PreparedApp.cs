using System.Text.Json;
using Sekisho.Cedar.Benchmarks.Apps;
using Sekisho.Cedar.Entities;

namespace Sekisho.Cedar.Benchmarks;

/// <summary>An app parsed once, as an application holding Cedar would: policies, entity store and requests.</summary>
public sealed record PreparedApp(CedarApp App, int PerType, PolicySet Policies, EntityStore Entities, Request[] Requests)
{
    /// <summary>The apps of the Cedar paper's evaluation, with <paramref name="perType"/> entities of each type.</summary>
    public static IReadOnlyList<CedarApp> Build(int perType, int requests, int seed = 20241121) =>
    [
        GDriveApp.Build(perType, requests, seed),
        GitHubApp.Build(perType, requests, seed),
        TinyTodoApp.Build(perType, requests, seed),
    ];

    public static PreparedApp Prepare(CedarApp app, int perType) => new(app, perType,
        PolicySet.Parse(app.Policies),
        EntityJson.ParseEntities(app.Entities.ToJsonString()),
        app.Requests.Select(r => EntityJson.ParseRequest(r.ToJsonString())).ToArray());

    public static PreparedApp For(string name, int perType, int requests = 4096) =>
        Prepare(Build(perType, requests).Single(a => a.Name == name), perType);
}
