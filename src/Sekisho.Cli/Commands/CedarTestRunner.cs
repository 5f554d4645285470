using System.Text.Json;
using Sekisho.Cedar;
using Sekisho.Cedar.Authorization;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Validation;

namespace Sekisho.Cli.Commands;

/// <summary>
/// Runs test files in the cedar-integration-tests format: each names a policies file, an entities file and a
/// schema (paths relative to the root), whether the policies should validate, and requests with the expected
/// decision, reason and errors. Policy ids are always positional here, as the corpus expects.
/// </summary>
public sealed class CedarTestRunner(string root)
{
    /// <summary>
    /// The one place where a schema is used: type hints for entity and context JSON, entities checked against
    /// it with its action entities added, requests validated, and the policies' strict validation outcome.
    /// </summary>
    public static CedarSchemaSupport? LoadSchema(string path, string text)
    {
        var schema = CedarValidateCommand.ParseSchema(path, text);
        var validator = new CedarValidator(schema);
        return new CedarSchemaSupport(
            new SchemaJsonTypeHints(schema),
            SchemaEntityConformance.ActionEntities(schema),
            policies => validator.Validate(PolicySet.Parse(policies)).IsValid,
            entities => SchemaEntityConformance.Conform(entities, schema),
            request => RequestSchemaValidator.Validate(request, schema));
    }

    public CedarTestFileResult Run(string file)
    {
        var text = ReadRelative(file, fromRoot: false);
        using var doc = Parse(file, text);
        var t = doc.RootElement;
        var policiesPath = StringField(t, "policies", file);
        var entitiesPath = StringField(t, "entities", file);
        var schemaPath = t.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var policies = CedarInput.ParsePolicies(policiesPath, ReadRelative(policiesPath, fromRoot: true), annotationIds: false);
        var schema = schemaPath is null ? null : LoadSchema(schemaPath, ReadRelative(schemaPath, fromRoot: true));
        var entities = CedarInput.ParseEntities(entitiesPath, ReadRelative(entitiesPath, fromRoot: true), schema?.Hints);
        if (schema is not null) entities = CompleteEntities(schema, entities, entitiesPath);
        bool? validationMatches = null;
        if (schema is not null && t.TryGetProperty("shouldValidate", out var sv) && sv.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            var valid = schema.Validates(ReadRelative(policiesPath, fromRoot: true));
            if (valid is not null) validationMatches = valid == (sv.ValueKind == JsonValueKind.True);
        }
        var results = new List<CedarTestRequestResult>();
        if (!t.TryGetProperty("requests", out var requests) || requests.ValueKind != JsonValueKind.Array)
            throw new CliException($"{file}: missing `requests` array");
        var i = 0;
        foreach (var r in requests.EnumerateArray())
        {
            var description = r.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : $"request {i}";
            Request request;
            try
            {
                request = EntityJson.ParseRequest(r, schema?.Hints);
                if (schema?.ValidateRequest is { } validate && r.TryGetProperty("validateRequest", out var vr) && vr.ValueKind == JsonValueKind.True) validate(request);
            }
            catch (CedarException e)
            {
                throw new CliException($"{file}: request {i} ({description}): {e.Message}", e);
            }
            var response = Authorizer.IsAuthorized(request, policies, entities);
            results.Add(Compare(file, description, r, response));
            i++;
        }
        return new CedarTestFileResult(file, validationMatches, results);
    }

    /// <summary>The entities with the schema's checks and action entities, as a CLI error naming the file when they do not conform.</summary>
    public static EntityStore CompleteEntities(CedarSchemaSupport schema, EntityStore entities, string entitiesPath)
    {
        ArgumentNullException.ThrowIfNull(schema);
        try
        {
            return schema.Complete(entities);
        }
        catch (CedarException e)
        {
            throw new CliException($"{entitiesPath}: {e.Message}", e);
        }
    }

    private static CedarTestRequestResult Compare(string file, string description, JsonElement r, AuthorizationResponse response)
    {
        var expectedDecision = r.TryGetProperty("decision", out var dec) ? dec.GetString() : null;
        var expectedReason = Ids(r, "reason");
        var expectedErrors = Ids(r, "errors");
        var actualDecision = response.Decision == Decision.Allow ? "allow" : "deny";
        var actualReason = new SortedSet<string>(response.Reason, StringComparer.Ordinal);
        var actualErrors = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in response.Errors) actualErrors.Add(e.PolicyId);
        var problems = new List<string>();
        if (expectedDecision is not null && expectedDecision != actualDecision) problems.Add($"decision: expected {expectedDecision}, got {actualDecision}");
        if (expectedReason is not null && !expectedReason.SetEquals(actualReason))
            problems.Add($"reason: expected [{string.Join(", ", expectedReason)}], got [{string.Join(", ", actualReason)}]");
        if (expectedErrors is not null && !expectedErrors.SetEquals(actualErrors))
        {
            var detail = new List<string>();
            foreach (var e in response.Errors) detail.Add($"{e.PolicyId}: {e.Message}");
            problems.Add($"errors: expected [{string.Join(", ", expectedErrors)}], got [{string.Join(", ", actualErrors)}]{(detail.Count > 0 ? " (" + string.Join("; ", detail) + ")" : "")}");
        }
        return new CedarTestRequestResult(file, description, response, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    private static SortedSet<string>? Ids(JsonElement r, string name)
    {
        if (!r.TryGetProperty(name, out var arr) || arr.ValueKind != JsonValueKind.Array) return null;
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var x in arr.EnumerateArray())
        {
            // Older corpus files list errors as objects naming the policy.
            if (x.ValueKind == JsonValueKind.String) set.Add(x.GetString()!);
            else if (x.ValueKind == JsonValueKind.Object && x.TryGetProperty("policyId", out var pid)) set.Add(pid.GetString()!);
        }
        return set;
    }

    private string ReadRelative(string path, bool fromRoot)
    {
        var full = Path.IsPathRooted(path) || !fromRoot ? path : Path.Combine(root, path);
        if (!fromRoot && !File.Exists(full) && !Path.IsPathRooted(path) && File.Exists(Path.Combine(root, path))) full = Path.Combine(root, path);
        try
        {
            return File.ReadAllText(full);
        }
        catch (FileNotFoundException)
        {
            throw new CliException($"{full}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException($"{full}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"{full}: permission denied");
        }
    }

    private static JsonDocument Parse(string file, string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CliException($"{file}: line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: invalid JSON", e);
        }
    }

    private static string StringField(JsonElement t, string name, string file) =>
        t.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new CliException($"{file}: missing string field `{name}`");
}
