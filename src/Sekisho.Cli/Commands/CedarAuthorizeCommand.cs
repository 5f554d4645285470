using Sekisho.Cedar.Authorization;
using Sekisho.Cedar.Entities;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho cedar authorize</c>: one Cedar authorization decision as JSON.</summary>
public static class CedarAuthorizeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var a = new Arguments("authorize", args, ["policies", "entities", "request", "schema"], []);
        if (a.Positional.Count > 0) throw new CliException($"authorize: unexpected argument '{a.Positional[0]}'");
        var policiesPath = a.Required("policies");
        var entitiesPath = a.Required("entities");
        var requestPath = a.Required("request");
        var policies = CedarInput.ParsePolicies(policiesPath, InputFiles.ReadText(policiesPath, console), annotationIds: true);
        // Schema support (typed entity/context JSON, schema actions) is added by the schema work: see CedarTestRunner.LoadSchema.
        var schema = a.Option("schema") is { } schemaPath ? CedarTestRunner.LoadSchema(schemaPath, InputFiles.ReadText(schemaPath, console)) : null;
        var entities = CedarInput.ParseEntities(entitiesPath, InputFiles.ReadText(entitiesPath, console), schema?.Hints);
        if (schema is not null) entities = entities.With(schema.ActionEntities);
        var request = CedarInput.ParseRequest(requestPath, InputFiles.ReadText(requestPath, console), schema?.Hints);
        var response = Authorizer.IsAuthorized(request, policies, entities);
        await console.Out.WriteLineAsync(CedarResponseJson.Format(response)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
