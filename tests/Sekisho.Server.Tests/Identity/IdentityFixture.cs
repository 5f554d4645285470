using Sekisho.Server.Api.Iam;
using Sekisho.Server.Identity;
using Sekisho.Server.Storage;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Tests.Identity;

/// <summary>A real SQLite store in a temporary folder with the identity domain and the IAM API over it.</summary>
public abstract class IdentityFixture : IAsyncLifetime
{
    protected const string Account = "111122223333";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sekisho-identity-" + Guid.NewGuid().ToString("N"));

    protected SteppedClock Clock { get; } = new();
    protected TestSecrets Secrets { get; } = new();
    protected IStore Store { get; private set; } = null!;
    protected IdentityService Identity { get; private set; } = null!;
    protected IdentityPolicyGatherer Gatherer { get; private set; } = null!;
    protected IamApi Api { get; private set; } = null!;
    protected IamQueryFront Front { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await SqliteStore.OpenAsync(new SqliteStoreOptions(_dataDirectory) { TimeProvider = Clock });
        Identity = new IdentityService(Store, Secrets, Secrets, Clock);
        Gatherer = new IdentityPolicyGatherer(Identity, new Sekisho.Server.Authorization.PolicyCache());
        Api = new IamApi(Identity, Gatherer);
        Front = new IamQueryFront(Api);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    protected static async Task<string> RefusedAsync(Func<Task> action, string code)
    {
        var e = await Assert.ThrowsAsync<IamException>(action);
        Assert.Equal(code, e.Error.Code);
        return e.Error.Message;
    }
}
