using System.Text.Json;
using Sekisho.Server.Api;
using Sekisho.Server.Identity;
using Sekisho.Server.Storage;

namespace Sekisho.Server.Nodes;

/// <summary>
/// SSM activations: create (the code is returned once and stored as a hash), find by id (registration), list and
/// delete. Limits as SSM's: RegistrationLimit 1 to 1000 (default 1), expiration at most 30 days (default 24 hours).
/// </summary>
public sealed class ActivationService(IStore store, TimeProvider time)
{
    public const int MaxRegistrationLimit = 1000;
    public static readonly TimeSpan DefaultExpiration = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxExpiration = TimeSpan.FromDays(30);

    internal static string Key(string account, string activationId) => $"/accounts/{account}/ssm/activations/{activationId}";

    internal static string Prefix(string account) => $"/accounts/{account}/ssm/activations/";

    internal static string IndexKey(string activationId) => "/ssm/activations/" + activationId;

    internal static byte[] Serialize(ActivationRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, NodeService.Json);

    private static ActivationRecord Read(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize<ActivationRecord>(bytes.Span, NodeService.Json) ?? throw new InvalidDataException("stored activation is null");

    /// <summary>Creates an activation; returns it and its code (shown to the caller once, never stored).</summary>
    public async Task<(ActivationRecord Activation, string Code)> CreateAsync(string account, string iamRole, string? description, string? defaultInstanceName,
        int? registrationLimit, DateTimeOffset? expirationDate, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var limit = registrationLimit ?? 1;
        if (limit is < 1 or > MaxRegistrationLimit)
            throw new AwsErrorException("ValidationException", $"1 validation error detected: Value '{limit}' at 'registrationLimit' failed to satisfy constraint: Member must have value between 1 and {MaxRegistrationLimit}");
        var expires = expirationDate ?? now + DefaultExpiration;
        if (expires <= now)
            throw new AwsErrorException("InvalidParameters", "ExpirationDate must be in the future.");
        if (expires > now + MaxExpiration)
            throw new AwsErrorException("InvalidParameters", $"ExpirationDate cannot be more than {MaxExpiration.TotalDays:0} days in the future.");
        var code = NodeIds.NewActivationCode();
        var record = new ActivationRecord(NodeIds.NewActivationId(), account, description, defaultInstanceName, iamRole, limit, 0, expires, now, tags,
            NodeIds.HashActivationCode(code));
        await store.CommitAsync(new Transaction([Condition.Missing(IndexKey(record.ActivationId))],
        [
            Write.Put(Key(account, record.ActivationId), Serialize(record)),
            Write.Put(IndexKey(record.ActivationId), JsonSerializer.SerializeToUtf8Bytes(new NodeIndexRecord(account), NodeService.Json)),
        ]), cancellationToken);
        return (record, code);
    }

    /// <summary>The activation by id alone (the agent's registration), with its revision, or null.</summary>
    public async Task<(ActivationRecord Record, long Revision)?> FindAsync(string? activationId, CancellationToken cancellationToken)
    {
        if (!NodeIds.IsActivationId(activationId)) return null;
        var index = await store.GetAsync(IndexKey(activationId!), cancellationToken);
        if (index is null) return null;
        var account = JsonSerializer.Deserialize<NodeIndexRecord>(index.Value.Span, NodeService.Json)!.Account;
        var item = await store.GetAsync(Key(account, activationId!), cancellationToken);
        return item is null ? null : (Read(item.Value), item.Revision);
    }

    /// <summary>Every activation of the account, in id order.</summary>
    public async Task<IReadOnlyList<ActivationRecord>> ListAsync(string account, CancellationToken cancellationToken)
    {
        var list = new List<ActivationRecord>();
        string? after = null;
        while (true)
        {
            var page = await store.ScanAsync(new ScanRequest(Prefix(account), after, 1000), cancellationToken);
            foreach (var item in page.Items) list.Add(Read(item.Value));
            if (!page.More) return list;
            after = page.NextStartAfter;
        }
    }

    /// <summary>Deletes the activation (nodes registered with it stay); false when the account has no such activation.</summary>
    public async Task<bool> DeleteAsync(string account, string activationId, CancellationToken cancellationToken)
    {
        if (!NodeIds.IsActivationId(activationId)) return false;
        var key = Key(account, activationId);
        var result = await store.CommitAsync(new Transaction([Condition.Exists(key)], [Write.Delete(key), Write.Delete(IndexKey(activationId))]), cancellationToken);
        return result.Committed;
    }
}
