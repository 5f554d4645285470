using Sekisho.Cedar;
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
        // With a schema: typed entity/context JSON, entities checked and action entities added, the request validated.
        var schema = a.Option("schema") is { } schemaPath ? CedarTestRunner.LoadSchema(schemaPath, InputFiles.ReadText(schemaPath, console)) : null;
        var entities = CedarInput.ParseEntities(entitiesPath, InputFiles.ReadText(entitiesPath, console), schema?.Hints);
        if (schema is not null) entities = CedarTestRunner.CompleteEntities(schema, entities, entitiesPath);
        var request = CedarInput.ParseRequest(requestPath, InputFiles.ReadText(requestPath, console), schema?.Hints);
        if (schema?.ValidateRequest is { } validate)
        {
            try
            {
                validate(request);
            }
            catch (CedarException e)
            {
                throw new CliException($"{requestPath}: {e.Message}", e);
            }
        }
        var response = Authorizer.IsAuthorized(request, policies, entities);
        await console.Out.WriteLineAsync(CedarResponseJson.Format(response)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
