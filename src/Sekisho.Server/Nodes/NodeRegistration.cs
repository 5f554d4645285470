using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Authorization;
using Sekisho.Server.Credentials;
using Sekisho.Server.Hosting;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Nodes;

/// <summary>
/// The agent side of scenario 6: registering a node with an activation (<c>POST /agent/v1/register</c>) and
/// issuing the node's credentials (<c>POST /agent/v1/credentials</c>): an assumed-role session of the activation's
/// role named after the instance id, one hour, valid only while the node stays registered.
/// </summary>
public sealed class NodeRegistration(
    IStore store,
    ActivationService activations,
    NodeService nodes,
    RegisteredNodes registered,
    SessionTokens tokens,
    IIdentityPolicySource identities,
    DataFolder.Settings settings,
    TimeProvider time)
{
    public static readonly TimeSpan CredentialLifetime = TimeSpan.FromHours(1);
    private const int MaxAttempts = 50;

    // A fleet registering with one activation all updates its count: registrations of the same activation queue
    // here instead of failing their compare-and-swap (other replicas still race; they retry with jitter).
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Registers a node; the result's error is one of the contract's codes with its HTTP status.</summary>
    public async Task<AgentResult<AgentRegistrationResponse>> RegisterAsync(AgentRegistrationRequest request, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(request.ActivationId ?? "") % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        try
        {
            return await RegisterOnceAsync(request, cancellationToken);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<AgentResult<AgentRegistrationResponse>> RegisterOnceAsync(AgentRegistrationRequest request, CancellationToken cancellationToken)
    {
        if (!IsPublicKey(request.PublicKey))
            return AgentResult<AgentRegistrationResponse>.Fail(400, "InvalidRequest", "PublicKey must be an ECDSA P-256 public key (SubjectPublicKeyInfo, base64).");
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (attempt > 0) await Task.Delay(Random.Shared.Next(5, 50), cancellationToken);
            var found = await activations.FindAsync(request.ActivationId, cancellationToken);
            // The same answer for an unknown id and a wrong code: the id alone must not be confirmable.
            if (found is null || !NodeIds.ActivationCodeMatches(request.ActivationCode ?? "", found.Value.Record.CodeHash))
                return AgentResult<AgentRegistrationResponse>.Fail(400, "InvalidActivation", "The activation id or code is not valid.");
            var (activation, revision) = found.Value;
            var now = time.GetUtcNow();
            if (activation.IsExpired(now))
                return AgentResult<AgentRegistrationResponse>.Fail(400, "ActivationExpired", $"Activation {activation.ActivationId} expired at {activation.ExpirationDate.ToString("u", CultureInfo.InvariantCulture)}.");
            if (activation.RegistrationsCount >= activation.RegistrationLimit)
                return AgentResult<AgentRegistrationResponse>.Fail(400, "RegistrationLimitExceeded", $"Activation {activation.ActivationId} has reached its registration limit of {activation.RegistrationLimit}.");

            var instanceId = NodeIds.NewInstanceId();
            var node = new NodeRecord(instanceId, activation.Account, settings.Region, activation.DefaultInstanceName, activation.Tags,
                activation.IamRole, activation.ActivationId, Limit(request.ComputerName, 255), null, Limit(request.PlatformName, 128), "Linux",
                Limit(request.PlatformVersion, 64), null, now, null, request.PublicKey);
            var activationKey = ActivationService.Key(activation.Account, activation.ActivationId);
            var result = await store.CommitAsync(new Transaction(
                [Condition.RevisionIs(activationKey, revision), Condition.Missing(NodeService.IndexKey(instanceId))],
                [
                    Write.Put(activationKey, ActivationService.Serialize(activation with { RegistrationsCount = activation.RegistrationsCount + 1 })),
                    Write.Put(NodeService.NodeKey(activation.Account, instanceId), NodeService.Serialize(node)),
                    Write.Put(NodeService.IndexKey(instanceId), JsonSerializer.SerializeToUtf8Bytes(new NodeIndexRecord(activation.Account), NodeService.Json)),
                ]), cancellationToken);
            if (!result.Committed) continue; // another registration used the activation meanwhile: check the limit again
            registered.Add(instanceId);
            return AgentResult<AgentRegistrationResponse>.Ok(new AgentRegistrationResponse(instanceId, activation.Account, settings.Region));
        }
        return AgentResult<AgentRegistrationResponse>.Fail(409, "Conflict", "The activation is being used by many registrations at once; retry.");
    }

    /// <summary>Checks the node's proof of possession and issues its credentials.</summary>
    public async Task<AgentResult<AgentCredentialsResponse>> CredentialsAsync(AgentCredentialsRequest request, CancellationToken cancellationToken)
    {
        if (!NodeIds.IsInstanceId(request.InstanceId))
            return AgentResult<AgentCredentialsResponse>.Fail(400, "InvalidInstanceId", "InstanceId must be mi- followed by 17 hexadecimal digits.");
        var node = await nodes.FindAsync(request.InstanceId, cancellationToken);
        if (node is null)
            return AgentResult<AgentCredentialsResponse>.Fail(403, "NodeDeregistered", $"Managed node {request.InstanceId} is not registered.");
        var now = time.GetUtcNow();
        if (!DateTimeOffset.TryParseExact(request.Timestamp, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            || (at - now).Duration() > AgentCredentialProof.MaxSkew)
            return AgentResult<AgentCredentialsResponse>.Fail(400, "InvalidSignature", $"Timestamp must be ISO 8601 UTC (yyyy-MM-ddTHH:mm:ssZ) within {AgentCredentialProof.MaxSkew.TotalMinutes} minutes of the server's time.");
        if (!VerifyProof(node.PublicKey, AgentCredentialProof.StringToSign(request.InstanceId, request.Timestamp), request.Signature))
            return AgentResult<AgentCredentialsResponse>.Fail(403, "InvalidSignature", "The signature does not verify with the node's registered public key.");
        var role = await identities.GetRoleAsync(node.Account, node.IamRole, cancellationToken);
        if (role is null)
            return AgentResult<AgentCredentialsResponse>.Fail(403, "InvalidActivation", $"The node's IAM role {node.IamRole} does not exist any more.");
        var grant = new SessionGrant(node.SessionArn, node.Account, role.UniqueId + ":" + node.InstanceId, role.Arn, null, now, now + CredentialLifetime,
            false, null, new Dictionary<string, string>(), [], null, null, false, null, node.InstanceId);
        var credential = tokens.Issue(grant);
        return AgentResult<AgentCredentialsResponse>.Ok(new AgentCredentialsResponse(credential.AccessKeyId, credential.SecretAccessKey, credential.SessionToken, credential.Expiration));
    }

    private static bool IsPublicKey(string? spki)
    {
        if (string.IsNullOrEmpty(spki) || spki.Length > 1024) return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(spki), out _);
            return key.KeySize == 256;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private static bool VerifyProof(string spki, string stringToSign, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 256) return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(spki), out _);
            return key.VerifyData(Encoding.UTF8.GetBytes(stringToSign), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private static string? Limit(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}
