using System.Text.Json.Nodes;
using Sekisho.Server.Api;
using Sekisho.Server.Documents;
using Sekisho.Server.Hosting;
using Sekisho.Server.Storage.Sqlite;

namespace Sekisho.Server.Tests.Nodes;

public sealed class DocumentTests : IAsyncLifetime
{
    private const string Account = "111122223333";
    private TempSqliteStore _temp = null!;
    private SqliteStore _store = null!;
    private DocumentService _documents = null!;

    public async Task InitializeAsync()
    {
        _temp = await TempSqliteStore.OpenAsync("docs");
        _store = _temp.Store;
        _documents = new DocumentService(_store, new DataFolder.Settings(Account, "eu-west-1", "admin"), TimeProvider.System);
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private static string Port(string extra = "") => $$$"""
        {"schemaVersion":"1.0","sessionType":"Port",
         "parameters":{"portNumber":{"type":"String","allowedPattern":"^[0-9]{1,5}$","default":"80"},
                       "mode":{"type":"String","allowedValues":["fast","slow"],"default":"slow"},
                       "hosts":{"type":"StringList","default":["a"],"maxItems":2}},
         "properties":{"portNumber":"{{ portNumber }}","type":"LocalPortForwarding","mode":"{{mode}}","hosts":"{{ hosts }}"}{{{extra}}} }
        """;

    [Theory]
    [InlineData(StandardDocuments.InteractiveCommand, "InteractiveCommands")]
    [InlineData(StandardDocuments.NonInteractiveCommand, "NonInteractiveCommands")]
    [InlineData(StandardDocuments.Ssh, "Port")]
    [InlineData(StandardDocuments.PortForwarding, "Port")]
    [InlineData(StandardDocuments.PortForwardingToRemoteHost, "Port")]
    public async Task The_AWS_documents_are_in_every_account_owned_by_Amazon(string name, string sessionType)
    {
        var document = await _documents.GetAsync("444455556666", name, null, CancellationToken.None);
        Assert.NotNull(document);
        Assert.Equal(sessionType, document.SessionType);
        Assert.Equal("Amazon", document.Owner);
        Assert.Equal($"arn:aws:ssm:eu-west-1::document/{name}", document.Arn);
        Assert.Equal("1", document.DocumentVersion);
        await Assert.ThrowsAsync<AwsErrorException>(() => _documents.UpdateAsync(Account, name, Port(), null, null, null, CancellationToken.None));
        await Assert.ThrowsAsync<AwsErrorException>(() => _documents.DeleteAsync(Account, name, null, CancellationToken.None));
    }

    [Fact]
    public async Task Port_forwarding_parameters_resolve_with_defaults_and_are_checked()
    {
        var document = (await _documents.GetAsync(Account, StandardDocuments.PortForwardingToRemoteHost, null, CancellationToken.None))!;
        var resolved = _documents.ResolveParameters(document, new Dictionary<string, IReadOnlyList<string>> { ["host"] = ["db.internal"], ["portNumber"] = ["5432"] });
        Assert.Equal("5432", resolved["portNumber"]);
        Assert.Equal("db.internal", resolved["host"]);
        Assert.Equal("0", resolved["localPortNumber"]);
        Assert.Equal("LocalPortForwarding", resolved["type"]);

        var missing = Assert.Throws<AwsErrorException>(() => _documents.ResolveParameters(document, null));
        Assert.Equal("InvalidParameters", missing.Error.Code);
        Assert.Contains("\"host\"", missing.Error.Message, StringComparison.Ordinal);
        var port = Assert.Throws<AwsErrorException>(() => _documents.ResolveParameters(document,
            new Dictionary<string, IReadOnlyList<string>> { ["host"] = ["db.internal"], ["portNumber"] = ["70000"] }));
        Assert.Contains("portNumber", port.Error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed pattern", port.Error.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<AwsErrorException>(() => _documents.ResolveParameters(document,
            new Dictionary<string, IReadOnlyList<string>> { ["host"] = ["db.internal"], ["command"] = ["ls"] }));
        Assert.Equal("InvalidParameters", unknown.Error.Code);
        Assert.Contains("\"command\"", unknown.Error.Message, StringComparison.Ordinal);
        var injected = Assert.Throws<AwsErrorException>(() => _documents.ResolveParameters(document,
            new Dictionary<string, IReadOnlyList<string>> { ["host"] = ["db;rm -rf /"] }));
        Assert.Contains("host", injected.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_documents_resolve_to_their_linux_properties()
    {
        var document = (await _documents.GetAsync(Account, StandardDocuments.InteractiveCommand, "$LATEST", CancellationToken.None))!;
        var resolved = _documents.ResolveParameters(document, new Dictionary<string, IReadOnlyList<string>> { ["command"] = ["top -b -n 1"] });
        Assert.Equal("top -b -n 1", resolved["commands"]);
        Assert.Equal("false", resolved["runAsElevated"]);
        Assert.Equal(2, resolved.Count);
        var ssh = (await _documents.GetAsync(Account, StandardDocuments.Ssh, null, CancellationToken.None))!;
        Assert.Equal("22", _documents.ResolveParameters(ssh, null)["portNumber"]);
    }

    [Fact]
    public async Task An_account_document_checks_types_allowed_values_and_lists()
    {
        var created = await _documents.CreateAsync(Account, "Team-Port", Port(), "Session", "JSON", null, [], CancellationToken.None);
        Assert.Equal($"arn:aws:ssm:eu-west-1:{Account}:document/Team-Port", created.Arn);
        Assert.Equal(Account, created.Owner);
        var resolved = _documents.ResolveParameters(created, new Dictionary<string, IReadOnlyList<string>> { ["hosts"] = ["a", "b"], ["mode"] = ["fast"] });
        Assert.Equal("a\nb", resolved["hosts"]);
        Assert.Equal("fast", resolved["mode"]);
        Assert.Equal("80", resolved["portNumber"]);
        var values = Assert.Throws<AwsErrorException>(() => _documents.ResolveParameters(created, new Dictionary<string, IReadOnlyList<string>> { ["mode"] = ["medium"] }));
        Assert.Contains("allowed values", values.Error.Message, StringComparison.Ordinal);
        var many = Assert.Throws<AwsErrorException>(() => _documents.ResolveParameters(created, new Dictionary<string, IReadOnlyList<string>> { ["hosts"] = ["a", "b", "c"] }));
        Assert.Contains("at most 2", many.Error.Message, StringComparison.Ordinal);
        var two = Assert.Throws<AwsErrorException>(() => _documents.ResolveParameters(created, new Dictionary<string, IReadOnlyList<string>> { ["mode"] = ["fast", "slow"] }));
        Assert.Contains("exactly one", two.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_latest_default_and_duplicates()
    {
        await _documents.CreateAsync(Account, "Versioned", Port(), "Session", null, "first", [], CancellationToken.None);
        var second = await _documents.UpdateAsync(Account, "Versioned", Port(",\"allowedDestinations\":[\"10.0.0.0/8:5432\",\"*.internal:*\"]"), "$LATEST", null, null, CancellationToken.None);
        Assert.Equal("2", second.DocumentVersion);
        Assert.Equal("1", second.DefaultVersion);
        Assert.Equal(["10.0.0.0/8:5432", "*.internal:*"], (await _documents.GetAsync(Account, "Versioned", "$LATEST", CancellationToken.None))!.AllowedDestinations);
        Assert.Null((await _documents.GetAsync(Account, "Versioned", null, CancellationToken.None))!.AllowedDestinations);
        Assert.Null(await _documents.GetAsync(Account, "Versioned", "9", CancellationToken.None));
        var latestContent = (await _documents.GetAsync(Account, "Versioned", "2", CancellationToken.None))!.Content;
        var duplicate = await Assert.ThrowsAsync<AwsErrorException>(() => _documents.UpdateAsync(Account, "Versioned", latestContent, null, null, null, CancellationToken.None));
        Assert.Equal("DuplicateDocumentContent", duplicate.Error.Code);
        var stale = await Assert.ThrowsAsync<AwsErrorException>(() => _documents.UpdateAsync(Account, "Versioned", Port(","+"\"description\":\"x\""), "1", null, null, CancellationToken.None));
        Assert.Equal("InvalidDocumentVersion", stale.Error.Code);
        await _documents.SetDefaultVersionAsync(Account, "Versioned", "2", CancellationToken.None);
        Assert.Equal("2", (await _documents.GetAsync(Account, "Versioned", "$DEFAULT", CancellationToken.None))!.DocumentVersion);
        Assert.Equal("first", (await _documents.GetByVersionNameAsync(Account, "Versioned", "first", CancellationToken.None))!.VersionName);
        var exists = await Assert.ThrowsAsync<AwsErrorException>(() => _documents.CreateAsync(Account, "Versioned", Port(), null, null, null, [], CancellationToken.None));
        Assert.Equal("DocumentAlreadyExists", exists.Error.Code);
        var names = (await _documents.ListAsync(Account, CancellationToken.None)).Select(d => d.Name).ToList();
        Assert.Contains("Versioned", names);
        Assert.Contains(StandardDocuments.Ssh, names);
        await _documents.DeleteAsync(Account, "Versioned", null, CancellationToken.None);
        Assert.Null(await _documents.GetAsync(Account, "Versioned", null, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"schemaVersion":"2.2","sessionType":"Port"}""", "'schemaVersion' must be \"1.0\"")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Shell"}""", "'sessionType' must be one of")]
    [InlineData("""{"schemaVersion":"1.0"}""", "'sessionType' is required")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","colour":"red"}""", "unknown member 'colour'")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","parameters":{"p":{"type":"Integer"}}}""", "'parameters.p.type' must be String or StringList")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","parameters":{"p":{"type":"String","allowedPattern":"(["}}}""", "'parameters.p.allowedPattern' is not a valid regular expression")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","parameters":{"p":{"type":"String","allowedValues":["a"],"default":"b"}}}""", "'parameters.p.default' does not meet")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","properties":{"portNumber":"{{ port }}"}}""", "'properties.portNumber' refers to {{ port }}")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"idleSessionTimeout":"90"}}""", "'inputs.idleSessionTimeout' must be a whole number from 1 to 60")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"maxSessionDuration":"abc"}}""", "'inputs.maxSessionDuration' must be a whole number from 1 to 1440")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"runAsEnabled":true,"runAsDefaultUser":"bad user"}}""", "'inputs.runAsDefaultUser' \"bad user\" is not a valid Linux user name")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"ssmUserSudo":"yes"}}""", "'inputs.ssmUserSudo' must be true or false")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"shellProfile":{"linux":1}}}""", "'inputs.shellProfile.linux' must be a string")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"idleTimeout":"5"}}""", "unknown input 'inputs.idleTimeout'")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"InteractiveCommands","allowedDestinations":["a:1"]}""", "'allowedDestinations' applies to Port documents only")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","allowedDestinations":["db.internal"]}""", "'allowedDestinations' entry \"db.internal\" must be host:port")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","allowedDestinations":["10.0.0.0/33:443"]}""", "'allowedDestinations': allowedDestinations entry 1 '10.0.0.0/33:443': '10.0.0.0/33' is not a CIDR network")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","properties":{"allowedDestinations":"db.internal:5432, nonsense!:1"}}""", "'properties.allowedDestinations': allowedDestinations entry 2 'nonsense!:1'")]
    [InlineData("""{"schemaVersion":"1.0","sessionType":"Port","allowedDestinations":["a:1"],"properties":{"allowedDestinations":"b:2"}}""", "given both at the top level and in 'properties'")]
    [InlineData("""{"schemaVersion":"1.0",""", "not valid JSON")]
    public void Invalid_content_is_refused_naming_the_field(string content, string expected)
    {
        var e = Assert.Throws<AwsErrorException>(() => DocumentContentParser.Parse(content));
        Assert.Equal("InvalidDocumentContent", e.Error.Code);
        Assert.Contains(expected, e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_top_level_allow_list_reaches_the_agent_as_its_property_and_a_literal_property_list_is_kept()
    {
        // Before, the top-level list was checked and stored but never sent: the agent forwarded anywhere.
        var top = await _documents.CreateAsync(Account, "TopList", Port(",\"allowedDestinations\":[\"db.internal:5432\",\"10.0.0.0/8:*\"]"), "Session", null, null, [],
            CancellationToken.None);
        Assert.Equal("db.internal:5432, 10.0.0.0/8:*", _documents.ResolveParameters(top, null)["allowedDestinations"]);
        var inProperties = DocumentContentParser.Parse("""{"schemaVersion":"1.0","sessionType":"Port","properties":{"portNumber":"80","allowedDestinations":"db.internal:5432"}}""");
        Assert.Null(inProperties.AllowedDestinations);
        Assert.Equal("db.internal:5432", inProperties.Properties["allowedDestinations"]!.GetValue<string>());
    }

    [Fact]
    public void Run_As_may_be_on_without_a_default_user()
    {
        var content = DocumentContentParser.Parse("""{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"runAsEnabled":true,"runAsDefaultUser":""}}""");
        Assert.True(content.Preferences!.RunAsEnabled);
        Assert.Null(content.Preferences.RunAsDefaultUser);
    }

    [Fact]
    public async Task Preferences_come_from_the_accounts_run_shell_document_created_with_defaults()
    {
        var defaults = await _documents.GetPreferencesAsync(Account, CancellationToken.None);
        Assert.Equal(TimeSpan.FromMinutes(20), defaults.IdleSessionTimeout);
        Assert.Null(defaults.MaxSessionDuration);
        Assert.False(defaults.RunAsEnabled);
        Assert.False(defaults.SsmUserSudo);
        Assert.Null(defaults.RecordingRetention);
        var document = (await _documents.GetAsync(Account, StandardDocuments.RunShell, null, CancellationToken.None))!;
        Assert.Equal(Account, document.Owner);
        Assert.Equal("Standard_Stream", document.SessionType);

        var content = JsonNode.Parse(document.Content)!.AsObject();
        var inputs = content["inputs"]!.AsObject();
        inputs["idleSessionTimeout"] = "5";
        inputs["maxSessionDuration"] = "120";
        inputs["runAsEnabled"] = true;
        inputs["runAsDefaultUser"] = "deploy";
        inputs["shellProfile"]!["linux"] = "exec bash -l";
        inputs["ssmUserSudo"] = true;
        inputs["recordingRetentionDays"] = "30";
        await _documents.UpdateAsync(Account, StandardDocuments.RunShell, content.ToJsonString(), "$LATEST", null, null, CancellationToken.None);
        // The new version is not the default yet: preferences follow the default version, as sessions do.
        Assert.Equal(TimeSpan.FromMinutes(20), (await _documents.GetPreferencesAsync(Account, CancellationToken.None)).IdleSessionTimeout);
        await _documents.SetDefaultVersionAsync(Account, StandardDocuments.RunShell, "2", CancellationToken.None);
        var updated = await _documents.GetPreferencesAsync(Account, CancellationToken.None);
        Assert.Equal(new SessionPreferences(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(120), true, "deploy", "exec bash -l", true, TimeSpan.FromDays(30)), updated);
    }
}
