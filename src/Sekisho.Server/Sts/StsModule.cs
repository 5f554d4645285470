using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Policy;
using Sekisho.Server.Api;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Sts;

/// <summary>
/// sts:AssumeRole, sts:GetSessionToken and sts:DecodeAuthorizationMessage. AssumeRole authorizes itself (after the
/// MFA code is checked, so aws:MultiFactorAuthPresent is known): the trust policy is the role's resource policy and
/// the engine requires the caller's identity policies too when the role is in another account.
/// </summary>
public sealed class StsModule : IOperationModule
{
    public const int ChainedSessionLimitSeconds = 3600;

    public void Register(OperationRegistry registry)
    {
        registry.Register("sts", "AssumeRole", AssumeRoleAsync, authorization: null);
        // AWS requires no permission for GetSessionToken: the caller's own long-term key is the proof.
        registry.Register("sts", "GetSessionToken", GetSessionTokenAsync, authorization: null);
        registry.Register("sts", "DecodeAuthorizationMessage", DecodeAsync,
            AuthorizationDeclaration.For("sts:DecodeAuthorizationMessage", _ => "*"));
    }

    private static ValueTask<JsonObject?> DecodeAsync(OperationRequest request, CancellationToken ct)
    {
        var messages = request.Services.GetRequiredService<AuthorizationMessages>();
        var decoded = messages.TryDecode(request.String("EncodedMessage") ?? "")
            ?? throw new AwsErrorException("InvalidAuthorizationMessageException", "The encoded authorization message is invalid or was not issued by this server.", 400);
        return ValueTask.FromResult<JsonObject?>(new JsonObject { ["DecodedMessage"] = decoded });
    }

    private static async ValueTask<JsonObject?> GetSessionTokenAsync(OperationRequest request, CancellationToken ct)
    {
        var caller = request.Caller;
        if (caller.IsTemporary || caller.UserName is null)
            throw new AwsErrorException("AccessDenied", "Cannot call GetSessionToken with session credentials", 403);
        var duration = Int(request, "DurationSeconds") ?? 43_200;
        if (duration is < 900 or > 129_600)
            throw new AwsErrorException("ValidationError", $"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 129600", 400);

        var now = request.Facts.Time;
        var mfa = await CheckMfaAsync(request, caller.UserName, ct).ConfigureAwait(false);
        var grant = new SessionGrant(caller.Arn, caller.Account, caller.UserId, null, caller.UserName, now, now.AddSeconds(duration),
            mfa, mfa ? now : null, new Dictionary<string, string>(), [], null, null, false);
        var credential = request.Services.GetRequiredService<SessionTokens>().Issue(grant);
        return new JsonObject { ["Credentials"] = CredentialsJson(credential) };
    }

    private static async ValueTask<JsonObject?> AssumeRoleAsync(OperationRequest request, CancellationToken ct)
    {
        var caller = request.Caller;
        var roleArn = request.String("RoleArn")!;
        var sessionName = request.String("RoleSessionName")!;
        var role = await FindRoleAsync(request, roleArn, ct).ConfigureAwait(false);

        var chained = caller.Session?.IsRoleSession == true;
        var requested = Int(request, "DurationSeconds");
        if (chained && requested > ChainedSessionLimitSeconds)
            throw new AwsErrorException("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);
        if (requested > role?.MaxSessionDuration)
            throw new AwsErrorException("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
        var duration = requested ?? 3600;

        // MFA first: the trust policy may require aws:MultiFactorAuthPresent, which a valid code makes true.
        var mfaNow = false;
        if (request.String("SerialNumber") is not null || request.String("TokenCode") is not null)
        {
            if (caller.UserName is null || caller.IsTemporary && caller.Session!.IsRoleSession)
                throw new AwsErrorException("AccessDenied", "MultiFactorAuthentication failed: SerialNumber and TokenCode are accepted only for IAM user credentials.", 403);
            mfaNow = await CheckMfaAsync(request, caller.UserName, ct).ConfigureAwait(false);
        }
        var mfa = mfaNow || caller.Session?.MfaAuthenticated == true;
        var mfaAt = mfaNow ? request.Facts.Time : caller.Session?.MfaAuthenticatedAt;

        var (tags, transitive) = SessionTags(request, caller.Session);
        var sourceIdentity = caller.Session?.SourceIdentity ?? request.String("SourceIdentity");
        if (caller.Session?.SourceIdentity is { } sticky && request.String("SourceIdentity") is { } asked && asked != sticky)
            throw new AwsErrorException("AccessDenied", $"SourceIdentity {asked} does not match the source identity {sticky} set earlier in the role chain.", 403);

        var keys = OperationKeys(request, tags, transitive, sourceIdentity, mfaNow);
        var policies = request.Services.GetRequiredService<PolicyCache>();
        CompiledPolicy? trust = null;
        if (role is not null)
        {
            try
            {
                trust = policies.Get(role.AssumeRolePolicyDocument, "trust policy of " + role.Arn);
            }
            catch (PolicyParseException e)
            {
                throw new AwsErrorException("MalformedPolicyDocument", $"The trust policy of {role.Arn} does not parse: {e.Message}", 400);
            }
        }
        var facts = new ResourceFacts(trust, role is null ? null : TagDictionary(role.Tags));
        var outcome = await request.Services.GetRequiredService<Authorizer>().AuthorizeAsync(caller,
            new AuthorizationRequest("sts:AssumeRole", roleArn, facts, keys), request.Facts, ct).ConfigureAwait(false);
        if (role is null)
        {
            // Denied like AWS does (as if no trust policy allowed it), never revealed to the caller; the audit log,
            // which only administrators read, says why.
            request.Trail.Add(new AuthorizationOutcome(Decision.ImplicitlyDenied, "sts:AssumeRole", roleArn, null, $"role {roleArn} does not exist"));
            throw new AwsErrorException("AccessDenied",
                outcome.Message ?? $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        }
        request.Trail.Add(outcome);
        if (!outcome.Allowed) throw new AwsErrorException("AccessDenied", outcome.Message!, 403);

        var sessionPolicy = await SessionPolicyAsync(request, ct).ConfigureAwait(false);
        var packed = PackedSize(sessionPolicy, tags);
        if (packed > 100)
            throw new AwsErrorException("PackedPolicyTooLarge", $"Packed size of the session policy and tags is {packed}% of the allowed maximum.", 400);

        var now = request.Facts.Time;
        var expires = now.AddSeconds(chained ? Math.Min(duration, ChainedSessionLimitSeconds) : duration);
        var sessionArn = $"arn:aws:sts::{role.AccountId}:assumed-role/{role.RoleName}/{sessionName}";
        var userId = role.RoleId + ":" + sessionName;
        var grant = new SessionGrant(sessionArn, role.AccountId, userId, role.Arn, null, now, expires, mfa, mfa ? mfaAt : null,
            tags, transitive, sessionPolicy, sourceIdentity, chained, caller.Arn);
        var credential = request.Services.GetRequiredService<SessionTokens>().Issue(grant);
        var output = new JsonObject
        {
            ["Credentials"] = CredentialsJson(credential),
            ["AssumedRoleUser"] = new JsonObject { ["AssumedRoleId"] = userId, ["Arn"] = sessionArn },
            ["PackedPolicySize"] = (long)packed, // the query writer reads integers as long
        };
        if (sourceIdentity is not null) output["SourceIdentity"] = sourceIdentity;
        return output;
    }

    private static async Task<RoleRecord?> FindRoleAsync(OperationRequest request, string roleArn, CancellationToken ct)
    {
        // arn:aws:iam::ACCOUNT:role/PATH/NAME
        var parts = roleArn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || !parts[5].StartsWith("role/", StringComparison.Ordinal))
            throw new AwsErrorException("ValidationError", $"{roleArn} is invalid", 400);
        var identity = request.Services.GetService<IdentityService>();
        if (identity is null) return null;
        var name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        try
        {
            var role = await identity.GetRoleAsync(parts[4], name, ct).ConfigureAwait(false);
            return string.Equals(role.Arn, roleArn, StringComparison.Ordinal) ? role : null;
        }
        catch (IamException e) when (e.Error.Code == "NoSuchEntity")
        {
            return null;
        }
    }

    private static async Task<bool> CheckMfaAsync(OperationRequest request, string userName, CancellationToken ct)
    {
        var serial = request.String("SerialNumber");
        var code = request.String("TokenCode");
        if (serial is null && code is null) return false;
        if (serial is null || code is null)
            throw new AwsErrorException("ValidationError", "SerialNumber and TokenCode must be given together.", 400);
        await request.Services.GetRequiredService<MfaGuard>().VerifyAsync(request.Caller.Account, userName, serial, code, ct).ConfigureAwait(false);
        return true;
    }

    private static (Dictionary<string, string> Tags, List<string> Transitive) SessionTags(OperationRequest request, SessionGrant? parent)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var transitive = new List<string>();
        // Transitive tags of the calling session pass down the chain and cannot be overridden.
        if (parent is not null)
            foreach (var key in parent.TransitiveTagKeys)
                if (parent.SessionTags.TryGetValue(key, out var value))
                {
                    tags[key] = value;
                    transitive.Add(key);
                }
        if (request.Input["Tags"] is JsonArray list)
        {
            if (list.Count > 50) throw new AwsErrorException("ValidationError", "A session can carry at most 50 tags.", 400);
            foreach (var node in list)
            {
                var key = node?["Key"]?.GetValue<string>() ?? "";
                if (tags.ContainsKey(key))
                    throw new AwsErrorException("InvalidParameterValue", $"Duplicate tag key '{key}' (tag keys are case-insensitive; transitive tags of the calling session cannot be overridden).", 400);
                tags[key] = node?["Value"]?.GetValue<string>() ?? "";
            }
        }
        if (request.Input["TransitiveTagKeys"] is JsonArray keys)
            foreach (var node in keys)
            {
                var key = node?.GetValue<string>() ?? "";
                if (!tags.ContainsKey(key))
                    throw new AwsErrorException("InvalidParameterValue", $"The transitive tag key {key} is not one of the session tags.", 400);
                if (!transitive.Contains(key, StringComparer.OrdinalIgnoreCase)) transitive.Add(key);
            }
        return (tags, transitive);
    }

    private static List<KeyValuePair<string, string[]>> OperationKeys(OperationRequest request, Dictionary<string, string> tags,
        List<string> transitive, string? sourceIdentity, bool mfaNow)
    {
        var keys = new List<KeyValuePair<string, string[]>>();
        var names = new List<string>(tags.Count);
        foreach (var (k, v) in tags)
        {
            keys.Add(new("aws:RequestTag/" + k, [v]));
            names.Add(k);
        }
        if (names.Count > 0) keys.Add(new("aws:TagKeys", [.. names]));
        if (transitive.Count > 0) keys.Add(new("sts:TransitiveTagKeys", [.. transitive]));
        keys.Add(new("sts:RoleSessionName", [request.String("RoleSessionName")!]));
        if (request.String("ExternalId") is { } external) keys.Add(new("sts:ExternalId", [external]));
        if (sourceIdentity is not null) keys.Add(new("sts:SourceIdentity", [sourceIdentity]));
        if (mfaNow)
        {
            keys.Add(new("aws:MultiFactorAuthPresent", ["true"]));
            keys.Add(new("aws:MultiFactorAuthAge", ["0"]));
        }
        return keys;
    }

    /// <summary>Policy and PolicyArns as one document: the union of their statements (AWS intersects that union with the role's policies).</summary>
    private static async Task<string?> SessionPolicyAsync(OperationRequest request, CancellationToken ct)
    {
        var statements = new JsonArray();
        if (request.String("Policy") is { } inline) AddStatements(statements, inline, "Policy");
        if (request.Input["PolicyArns"] is JsonArray arns)
            foreach (var node in arns)
            {
                var arn = node?["arn"]?.GetValue<string>() ?? "";
                var document = AwsManagedPolicies.Document(arn);
                if (document is null && request.Services.GetService<IdentityService>() is { } identity)
                {
                    try
                    {
                        document = (await identity.GetPolicyAsync(request.Caller.Account, arn, ct).ConfigureAwait(false)).DefaultVersion.Document;
                    }
                    catch (IamException e) when (e.Error.Code is "NoSuchEntity" or "InvalidInput")
                    {
                        document = null;
                    }
                }
                if (document is null) throw new AwsErrorException("InvalidParameterValue", $"Policy {arn} does not exist or is not attachable.", 400);
                AddStatements(statements, document, arn);
            }
        if (request.String("Policy") is null && request.Input["PolicyArns"] is not JsonArray) return null;
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }.ToJsonString();
    }

    private static void AddStatements(JsonArray into, string document, string name)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(document);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new AwsErrorException("MalformedPolicyDocument", $"The session policy {name} is not valid JSON: {e.Message}", 400);
        }
        try
        {
            CompiledPolicy.Parse(document, name);
        }
        catch (PolicyParseException e)
        {
            throw new AwsErrorException("MalformedPolicyDocument", $"The session policy {name} is not a valid policy: {e.Message}", 400);
        }
        switch (root?["Statement"])
        {
            case JsonArray list:
                foreach (var s in list) into.Add(s?.DeepClone());
                break;
            case JsonObject one:
                into.Add(one.DeepClone());
                break;
        }
    }

    // AWS packs the session policy and tags into the token and reports the share of its limit used.
    private static int PackedSize(string? policy, Dictionary<string, string> tags)
    {
        var bytes = policy?.Length ?? 0;
        foreach (var (k, v) in tags) bytes += k.Length + v.Length + 4;
        return (int)Math.Ceiling(bytes * 100.0 / 4096);
    }

    private static Dictionary<string, string> TagDictionary(IReadOnlyList<Tag> tags)
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tags) d[t.Key] = t.Value;
        return d;
    }

    private static int? Int(OperationRequest request, string member) =>
        request.Input[member] is JsonValue v ? v.TryGetValue<int>(out var i) ? i : int.Parse(v.ToString(), CultureInfo.InvariantCulture) : null;

    private static JsonObject CredentialsJson(TemporaryCredential c) => new()
    {
        ["AccessKeyId"] = c.AccessKeyId,
        ["SecretAccessKey"] = c.SecretAccessKey,
        ["SessionToken"] = c.SessionToken,
        ["Expiration"] = c.Expiration,
    };
}
