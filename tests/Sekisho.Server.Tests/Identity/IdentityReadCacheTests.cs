using Microsoft.Extensions.Logging.Abstractions;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Tests.Identity;

/// <summary>
/// The request path's in-memory identity reads: a repeated read is served from memory, a change through this
/// process's identity domain is seen by the next read, and a change committed by another writer on the same store
/// (another process or replica) is seen once <see cref="IdentityChangeWatcher"/> has followed the change feed.
/// </summary>
public sealed class IdentityReadCacheTests : IdentityFixture
{
    private const string AllowIamRead = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Get*","Resource":"*"}]}""";

    [Fact]
    public async Task A_repeated_gather_is_served_from_memory_until_a_local_change()
    {
        await Identity.CreateUserAsync(Account, "ivy", null, null, null);
        var first = await Gatherer.ForUserAsync(Account, "ivy");
        Assert.Same(first, await Gatherer.ForUserAsync(Account, "Ivy"));
        Assert.Empty(first.IdentityPolicies);

        await Identity.PutInlinePolicyAsync(Account, PolicyHolderKind.User, "ivy", "read", AllowIamRead);
        var after = await Gatherer.ForUserAsync(Account, "ivy");
        Assert.Single(after.IdentityPolicies);

        await Identity.TagUserAsync(Account, "ivy", [new Tag("team", "blue")]);
        Assert.Equal("blue", (await Identity.GetUserAsync(Account, "ivy")).Tags[0].Value);
        Assert.Equal("blue", (await Gatherer.ForUserAsync(Account, "ivy")).Tags["team"]);
    }

    [Fact]
    public async Task A_change_by_another_writer_is_seen_through_the_change_feed()
    {
        await Identity.CreateRoleAsync(Account, "ops", null,
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}""",
            null, null, null, null);
        Assert.Empty((await Gatherer.ForRoleAsync(Account, "ops")).IdentityPolicies);
        Assert.Equal(3600, (await Identity.GetRoleAsync(Account, "ops")).MaxSessionDuration);

        using var watcher = new IdentityChangeWatcher(Store, Identity, TimeProvider.System, NullLogger<IdentityChangeWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            // Another replica: its own identity domain over the same store, so this process's cache is not told directly.
            var other = new IdentityService(Store, Secrets, Secrets, Clock);
            await other.PutInlinePolicyAsync(Account, PolicyHolderKind.Role, "ops", "read", AllowIamRead);
            await other.UpdateRoleAsync(Account, "ops", null, 7200);

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await Gatherer.ForRoleAsync(Account, "ops")).IdentityPolicies.Count == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            Assert.Single((await Gatherer.ForRoleAsync(Account, "ops")).IdentityPolicies);
            Assert.Equal(7200, (await Identity.GetRoleAsync(Account, "ops")).MaxSessionDuration);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }
}
