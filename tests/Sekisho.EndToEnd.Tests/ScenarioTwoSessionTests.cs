using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sekisho.Protocol.Signing;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// Scenario 2 of docs/scenarios.md up to the shell, with real processes: two nodes (two <c>sekisho agent run</c>
/// processes on this machine, registered through one activation made by the AWS CLI) tagged with
/// <c>aws ssm add-tags-to-resource</c> as <c>Test Project 1</c> and <c>Test Project 2</c>; a role tagged
/// <c>Project</c> / <c>SSMSessionRunAs</c> with the scenario's statements, assumed with MFA; <c>sekisho session
/// start</c> as that role runs as the tagged OS user on its project's node and is refused, in AWS's words, on
/// the other project's node, on the document once its statement is gone, and on someone else's session.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class ScenarioTwoSessionTests(ServerProcess server)
{
    private const string OsUser = "sekisho-t-os-user1";
    private const string NodeTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string MaySelfAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly AwsCli _aws = new(server);
    private readonly IamQuery _iam = new(new SignedClient(server));
    private readonly string _suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("sekisho-e2e-scenario2-");
    private readonly List<AgentProcess> _agents = [];
    private readonly List<string> _nodes = [];
    private string? _previousPreferences;
    private bool _userCreated;

    private static string Account => ServerProcess.AccountId;

    private static string Sekisho => Path.Combine(AppContext.BaseDirectory, "sekisho.dll");

    /// <summary>The scenario's statements, exactly as it lists them.</summary>
    private static string Permissions(bool withDocuments) => (withDocuments
        ? """{"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "arn:aws:ssm:*:*:document/*"},"""
        : "") + """
        {"Effect": "Allow", "Action": ["ssm:StartSession", "ssm:GetConnectionStatus"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/Project": "${aws:PrincipalTag/Project}"}}},
        {"Effect": "Allow", "Action": ["ssm:ResumeSession", "ssm:TerminateSession"], "Resource": "arn:aws:ssm:*:*:session/${aws:username}-*"},
        {"Effect": "Allow", "Action": ["ssm:DescribeInstanceInformation", "ssm:DescribeSessions"], "Resource": "*"}
        """;

    private static string Policy(bool withDocuments) => """{"Version": "2012-10-17", "Statement": [""" + Permissions(withDocuments) + "]}";

    private async Task SetUpAsync()
    {
        AwsCli.Require();
        await CliRunner.RunAsync("/usr/sbin/userdel", ["-f", "-r", OsUser]);
        var useradd = await CliRunner.RunAsync("/usr/sbin/useradd", ["-m", "-s", "/bin/bash", OsUser]);
        Assert.True(useradd.ExitCode == 0, "useradd: " + useradd.Stderr);
        _userCreated = true;

        var role = "Scenario2Node-" + _suffix;
        await AdminCli("iam", "create-role", "--role-name", role, "--assume-role-policy-document", NodeTrust);
        var activation = await AdminCli("ssm", "create-activation", "--iam-role", role, "--registration-limit", "2", "--default-instance-name", "scenario2-" + _suffix);
        foreach (var project in new[] { "Test Project 1", "Test Project 2" })
        {
            var state = Path.Combine(_work.FullName, "agent-" + _nodes.Count);
            var register = await CliRunner.RunSekishoAsync(["agent", "register", "--server", server.Endpoint.ToString().TrimEnd('/'),
                "--code", activation.GetProperty("ActivationCode").GetString()!, "--id", activation.GetProperty("ActivationId").GetString()!,
                "--state-dir", state], timeout: TimeSpan.FromMinutes(1));
            Assert.True(register.ExitCode == 0, "agent register: " + register.Stderr);
            var instanceId = InstanceIdPattern().Match(register.Stdout).Value;
            Assert.StartsWith("mi-", instanceId, StringComparison.Ordinal);
            _nodes.Add(instanceId);
            await AdminCli("ssm", "add-tags-to-resource", "--resource-type", "ManagedInstance", "--resource-id", instanceId,
                "--tags", $"Key=Project,Value={project}");
            _agents.Add(AgentProcess.Start(state));
        }
        foreach (var agent in _agents) await agent.WaitForLogAsync("control channel connected", Wait);
        foreach (var node in _nodes) await WaitOnlineAsync(node);

        // This account's preferences, restored afterwards.
        var current = await AdminCli("ssm", "get-document", "--name", "SSM-SessionManagerRunShell");
        _previousPreferences = current.GetProperty("Content").GetString();
    }

    private async Task CleanUpAsync()
    {
        foreach (var agent in _agents) await agent.DisposeAsync();
        foreach (var node in _nodes)
            await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, "ssm", "deregister-managed-instance", "--instance-id", node);
        if (_previousPreferences is not null) await SetPreferencesAsync(_previousPreferences);
        if (_userCreated) await CliRunner.RunAsync("/usr/sbin/userdel", ["-f", "-r", OsUser]);
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task The_project_role_assumed_with_MFA_reaches_only_its_project_node_as_its_os_user()
    {
        try
        {
            await SetUpAsync();
            await ScenarioAsync();
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    private async Task ScenarioAsync()
    {
        var person = await MfaUser.CreateAsync(_iam, Admin, Account, "s2-person-" + _suffix, MaySelfAssume);
        var trust = $$$$"""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::{{{{Account}}}}:root"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"aws:username": "{{{{person.UserName}}}}"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
        """;
        var roleName = "Project1-" + _suffix;
        await _iam.IamAsync(Admin, "CreateRole", [("RoleName", roleName), ("AssumeRolePolicyDocument", trust),
            .. IamQuery.Tags(("Project", "Test Project 1"), ("SSMSessionRunAs", OsUser))]);
        var policy = await _iam.IamAsync(Admin, "CreatePolicy", ("PolicyName", "Project1Sessions-" + _suffix), ("PolicyDocument", Policy(withDocuments: true)));
        var policyArn = policy.Value("Arn");
        await _iam.IamAsync(Admin, "AttachRolePolicy", ("RoleName", roleName), ("PolicyArn", policyArn));

        // Someone else's session (the administrator's) on the project's node, for the resume/terminate step.
        var adminRun = await SessionAsync(new SigV4Credentials(server.AdminKeyId, server.AdminSecret), _nodes[0],
            "--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=true");
        Assert.True(adminRun.Result.ExitCode == 0, Explain(adminRun.Result));
        var othersSessionId = adminRun.Id;
        Assert.NotEmpty(othersSessionId);

        // Run As on: the role's SSMSessionRunAs tag names the OS user.
        await SetPreferencesAsync("""{"schemaVersion":"1.0","description":"scenario 2","sessionType":"Standard_Stream","inputs":{"runAsEnabled":true,"runAsDefaultUser":"","idleSessionTimeout":"20"}}""");

        // Without MFA the trust policy refuses; with the TOTP code computed here it allows.
        var noMfa = await _iam.TryAsync("sts", person.Key, "AssumeRole", ("RoleArn", $"arn:aws:iam::{Account}:role/{roleName}"), ("RoleSessionName", "no-mfa"));
        Assert.Equal(403, noMfa.Status);
        var assumed = await _iam.StsAsync(person.Key, "AssumeRole", ("RoleArn", $"arn:aws:iam::{Account}:role/{roleName}"), ("RoleSessionName", "alice"),
            ("SerialNumber", person.Serial), ("TokenCode", person.NextCode()));
        var session = new SigV4Credentials(assumed.Value("AccessKeyId"), assumed.Value("SecretAccessKey"), assumed.Value("SessionToken"));
        var assumedArn = $"arn:aws:sts::{Account}:assumed-role/{roleName}/alice";
        Assert.Equal(assumedArn, assumed.Value("Arn"));

        // The project's node: whoami is the role's SSMSessionRunAs user, non-interactively and in a shell on a PTY.
        var whoami = await SessionAsync(session, _nodes[0], "--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=whoami");
        Assert.True(whoami.Result.ExitCode == 0, Explain(whoami.Result));
        Assert.Equal(OsUser + "\n", whoami.Result.Stdout);
        var shell = await CliRunner.RunAsync("/usr/bin/script", ["-qec", $"dotnet {Sekisho} session start --target {_nodes[0]}", "/dev/null"],
            stdin: "echo \"U=$(whoami)\"; exit 5\n", environment: SekishoSession.Environment(server, session), timeout: Wait);
        Assert.True(shell.ExitCode == 5, Explain(shell));
        Assert.Contains($"U={OsUser}", shell.Stdout, StringComparison.Ordinal);

        // A port forward to a web server on the project's node returns its page. Local port 0 (any free one) rather
        // than the scenario's 18080, which TunnelScenarioTests takes and may hold at the same time.
        var page = $"project 1 page {Guid.NewGuid():N}";
        await using (var web = WebPageServer.Start(page))
        await using (var forward = PortSessionProcess.Start(server, session, _nodes[0], "AWS-StartPortForwardingSession", $"portNumber={web.Port},localPortNumber=0"))
        {
            await forward.WaitForTunnelAsync(Wait, "the project's port forward");
            var curl = await CliRunner.RunAsync("curl", ["-sS", "--max-time", "30", $"http://127.0.0.1:{forward.LocalPort}/"], timeout: Wait);
            Assert.True(curl.ExitCode == 0, $"curl: {curl.Stderr}\n{forward}");
            Assert.Equal(page, curl.Stdout);
        }

        // The other project's node: refused, worded as AWS words it, for a command and for a port forward alike.
        var other = await SessionAsync(session, _nodes[1], "--document-name", "AWS-StartNonInteractiveCommand", "--parameters", "command=whoami");
        var otherForward = await SessionAsync(session, _nodes[1], "--document-name", "AWS-StartPortForwardingSession", "--parameters", "portNumber=80,localPortNumber=0");
        foreach (var refused in new[] { other, otherForward })
        {
            Assert.True(refused.Result.ExitCode == 254, Explain(refused.Result));
            Assert.Contains($"User: {assumedArn} is not authorized to perform: ssm:StartSession on resource: arn:aws:ssm:us-east-1:{Account}:managed-instance/{_nodes[1]} " +
                "because no identity-based policy allows the ssm:StartSession action", refused.Result.Stderr, StringComparison.Ordinal);
            Assert.Empty(refused.Result.Stdout);
        }

        // Someone else's session: neither resumed nor terminated.
        foreach (var operation in new[] { "resume-session", "terminate-session" })
        {
            var refused = await _aws.RunAsync(session.AccessKeyId, session.SecretAccessKey, session.SessionToken, "ssm", operation, "--session-id", othersSessionId);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("AccessDenied", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains($"User: {assumedArn} is not authorized to perform: ssm:", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains($"session/{othersSessionId}", refused.Stderr, StringComparison.Ordinal);
        }

        // Without the statement on document/*, a session naming its document needs permission on it too: the denial
        // names it. (A plain shell without --document-name is not checked against its document, as on AWS: scenario 3.)
        await _iam.IamAsync(Admin, "CreatePolicyVersion", ("PolicyArn", policyArn), ("PolicyDocument", Policy(withDocuments: false)), ("SetAsDefault", "true"));
        var noDocument = await SessionAsync(session, _nodes[0], "--document-name", "SSM-SessionManagerRunShell");
        Assert.True(noDocument.Result.ExitCode == 254, Explain(noDocument.Result));
        Assert.Matches($@"User: {Regex.Escape(assumedArn)} is not authorized to perform: ssm:StartSession on resource: arn:aws:ssm:us-east-1:\d*:document/SSM-SessionManagerRunShell " +
            "because no identity-based policy allows the ssm:StartSession action", noDocument.Result.Stderr);
    }

    private sealed record Started(CliRunner.Result Result, string Id);

    private async Task<Started> SessionAsync(SigV4Credentials credentials, string target, params string[] args)
    {
        var result = await CliRunner.RunAsync("dotnet", [Sekisho, "session", "start", "--target", target, .. args],
            environment: SekishoSession.Environment(server, credentials), timeout: Wait);
        var id = SessionIdPattern().Match(result.Stderr);
        return new Started(result, id.Success ? id.Groups[1].Value : "");
    }

    private string Explain(CliRunner.Result result) =>
        $"exit {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}\nagents:\n{string.Join("\n--\n", _agents.Select(a => a.Log))}";

    private SigV4Credentials Admin => new(server.AdminKeyId, server.AdminSecret);

    private Task SetPreferencesAsync(string content) => ShellPreferences.SetAsync(AdminCli, content);

    private async Task WaitOnlineAsync(string instanceId)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var info = await AdminCli("ssm", "describe-instance-information", "--filters", $"Key=InstanceIds,Values={instanceId}");
            var list = info.GetProperty("InstanceInformationList");
            if (list.GetArrayLength() == 1 && list[0].GetProperty("PingStatus").GetString() == "Online") return;
            Assert.True(DateTime.UtcNow < deadline, $"{instanceId} did not come online:\n{string.Join("\n--\n", _agents.Select(a => a.Log))}");
            await Task.Delay(250);
        }
    }

    private async Task<JsonElement> AdminCli(params string[] args)
    {
        var result = await _aws.RunAsync(server.AdminKeyId, server.AdminSecret, null, args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)}: {result.Stderr}");
        if (result.Stdout.Trim().Length == 0) return default;
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    [GeneratedRegex("mi-[0-9a-f]{17}")]
    private static partial Regex InstanceIdPattern();

    [GeneratedRegex(@"Starting session with SessionId: (\S+)")]
    private static partial Regex SessionIdPattern();
}
