using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Tests.Aws;

public sealed class AwsCredentialChainTests
{
    private static async Task<AwsCredentials> Resolve(AwsHome home, AwsCliOptions? options = null, IRoleAssumer? sts = null)
    {
        using var context = home.Context(options ?? new AwsCliOptions(Region: "us-east-1"), sts);
        return await context.Credentials.GetCredentialsAsync(CancellationToken.None);
    }

    private static async Task<string> Failure(AwsHome home, AwsCliOptions? options = null, IRoleAssumer? sts = null)
    {
        var e = await Assert.ThrowsAsync<CliException>(() => Resolve(home, options, sts));
        return e.Message;
    }

    [Fact]
    public async Task Environment_keys_win_over_the_default_profile()
    {
        using var home = new AwsHome().Credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
        home.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
        home.Variables["AWS_SECRET_ACCESS_KEY"] = "envsecret";
        home.Variables["AWS_SESSION_TOKEN"] = "envtoken";
        var credentials = await Resolve(home);
        Assert.Equal("AKIDENV", credentials.Credentials.AccessKeyId);
        Assert.Equal("envtoken", credentials.Credentials.SessionToken);
    }

    [Fact]
    public async Task Environment_keys_also_win_over_AWS_PROFILE_but_not_over_the_profile_option()
    {
        using var home = new AwsHome().Credentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
        home.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
        home.Variables["AWS_SECRET_ACCESS_KEY"] = "envsecret";
        home.Variables["AWS_PROFILE"] = "dev";
        Assert.Equal("AKIDENV", (await Resolve(home)).Credentials.AccessKeyId);
        Assert.Equal("AKIDDEV", (await Resolve(home, new AwsCliOptions(Profile: "dev", Region: "us-east-1"))).Credentials.AccessKeyId);
    }

    [Fact]
    public async Task Partial_environment_keys_name_the_missing_variable()
    {
        using var home = new AwsHome();
        home.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
        Assert.Contains("missing: AWS_SECRET_ACCESS_KEY", await Failure(home));
    }

    [Fact]
    public async Task Credentials_file_wins_over_config_file_and_profile_sections_are_named_differently()
    {
        using var home = new AwsHome()
            .Config("[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = c\nregion = eu-west-1\n")
            .Credentials("[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = k\n");
        var credentials = await Resolve(home, new AwsCliOptions(Profile: "dev", Region: "us-east-1"));
        Assert.Equal("AKIDCREDS", credentials.Credentials.AccessKeyId);
        Assert.Null(credentials.Credentials.SessionToken);
    }

    [Fact]
    public async Task Config_file_keys_are_used_when_the_credentials_file_has_none()
    {
        using var home = new AwsHome().Config("# comment\n[default]\n; another\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = c\n");
        Assert.Equal("AKIDCONFIG", (await Resolve(home)).Credentials.AccessKeyId);
    }

    [Fact]
    public async Task File_locations_come_from_the_environment()
    {
        using var home = new AwsHome();
        var other = Path.Combine(home.Directory, "elsewhere-credentials");
        File.WriteAllText(other, "[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = o\n");
        home.Credentials("[default]\naws_access_key_id = AKIDHOME\naws_secret_access_key = h\n");
        home.Variables["AWS_SHARED_CREDENTIALS_FILE"] = other;
        Assert.Equal("AKIDOTHER", (await Resolve(home)).Credentials.AccessKeyId);
    }

    [Fact]
    public void Missing_named_profile_is_an_error_naming_both_files()
    {
        using var home = new AwsHome().Config("[profile dev]\nregion = us-east-1\n");
        var message = Assert.Throws<CliException>(() => home.Context(new AwsCliOptions(Profile: "prod", Region: "us-east-1"))).Message;
        Assert.Contains("The config profile (prod) could not be found", message);
        Assert.Contains(home.ConfigPath, message);
        Assert.Contains(home.CredentialsPath, message);
    }

    [Fact]
    public async Task Partial_keys_in_a_file_name_the_file_line_and_missing_key()
    {
        using var home = new AwsHome().Credentials("[default]\n\naws_access_key_id = AKID\n");
        var message = await Failure(home);
        Assert.Contains(home.CredentialsPath, message);
        Assert.Contains("line 3", message);
        Assert.Contains("missing aws_secret_access_key", message);
    }

    [Fact]
    public async Task No_credentials_anywhere_says_what_was_looked_at()
    {
        using var home = new AwsHome();
        var message = await Failure(home);
        Assert.Contains("Unable to locate credentials", message);
        Assert.Contains("profile default", message);
    }

    [Fact]
    public async Task Credential_process_output_is_read_with_its_expiration()
    {
        using var home = new AwsHome();
        var script = home.WriteScript("creds.sh",
            "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"p\", \"SessionToken\": \"t\", \"Expiration\": \"2099-01-02T03:04:05Z\"}'\n");
        home.Config($"[profile proc]\ncredential_process = {script} --some 'quoted arg'\n");
        var credentials = await Resolve(home, new AwsCliOptions(Profile: "proc", Region: "us-east-1"));
        Assert.Equal("AKIDPROC", credentials.Credentials.AccessKeyId);
        Assert.Equal("t", credentials.Credentials.SessionToken);
        Assert.Equal(new DateTimeOffset(2099, 1, 2, 3, 4, 5, TimeSpan.Zero), credentials.Expiration);
    }

    [Fact]
    public async Task Credential_process_arguments_are_split_like_a_shell()
    {
        using var home = new AwsHome();
        // The script echoes its second argument as the key id, so the quoting decides the result.
        var script = home.WriteScript("args.sh", "printf '{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"x\"}' \"$2\"\n");
        home.Config($"[default]\ncredential_process = {script} first \"two words\"\n");
        Assert.Equal("two words", (await Resolve(home)).Credentials.AccessKeyId);
    }

    [Fact]
    public async Task Credential_process_failures_carry_its_stderr_and_versions_are_checked()
    {
        using var home = new AwsHome();
        var failing = home.WriteScript("fail.sh", "echo 'token expired, run login' >&2\nexit 3\n");
        home.Config($"[profile bad]\ncredential_process = {failing}\n[profile v2]\ncredential_process = {home.WriteScript("v2.sh", "echo '{\"Version\":2}'\n")}\n");
        var message = await Failure(home, new AwsCliOptions(Profile: "bad", Region: "us-east-1"));
        Assert.Contains("exit code 3", message);
        Assert.Contains("token expired, run login", message);
        Assert.Contains("line 2", message);
        Assert.Contains("Unsupported version '2'", await Failure(home, new AwsCliOptions(Profile: "v2", Region: "us-east-1")));
    }

    [Fact]
    public async Task Static_keys_win_over_credential_process_in_the_same_profile()
    {
        using var home = new AwsHome().Credentials("[default]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n");
        home.Config($"[default]\ncredential_process = {home.WriteScript("never.sh", "exit 1\n")}\n");
        Assert.Equal("AKIDSTATIC", (await Resolve(home)).Credentials.AccessKeyId);
    }

    [Fact]
    public async Task Role_profile_assumes_the_role_with_the_source_profile_keys_and_its_settings()
    {
        using var home = new AwsHome()
            .Credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n")
            .Config("[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = base\n" +
                    "role_session_name = alice\nexternal_id = ext-1\nduration_seconds = 1800\n");
        var sts = new RecordingRoleAssumer();
        var credentials = await Resolve(home, new AwsCliOptions(Profile: "admin", Region: "us-east-1"), sts);
        Assert.Equal("ASIA-Admin", credentials.Credentials.AccessKeyId);
        var (source, request) = Assert.Single(sts.Calls);
        Assert.Equal("AKIDBASE", source);
        Assert.Equal(new AssumeRoleRequest("arn:aws:iam::111122223333:role/Admin", "alice", "ext-1", 1800), request);
    }

    [Fact]
    public async Task Role_profiles_chain_through_source_profiles_in_order()
    {
        using var home = new AwsHome()
            .Credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n")
            .Config("[profile hop]\nrole_arn = arn:aws:iam::1:role/Hop\nsource_profile = base\n" +
                    "[profile target]\nrole_arn = arn:aws:iam::2:role/Target\nsource_profile = hop\n");
        var sts = new RecordingRoleAssumer();
        var credentials = await Resolve(home, new AwsCliOptions(Profile: "target", Region: "us-east-1"), sts);
        Assert.Equal("ASIA-Target", credentials.Credentials.AccessKeyId);
        Assert.Equal(2, sts.Calls.Count);
        Assert.Equal(("AKIDBASE", "arn:aws:iam::1:role/Hop"), (sts.Calls[0].SourceKeyId, sts.Calls[0].Request.RoleArn));
        Assert.Equal(("ASIA-Hop", "arn:aws:iam::2:role/Target"), (sts.Calls[1].SourceKeyId, sts.Calls[1].Request.RoleArn));
    }

    [Fact]
    public async Task A_profile_may_source_its_own_static_keys()
    {
        using var home = new AwsHome().Credentials(
            "[self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\nrole_arn = arn:aws:iam::1:role/Self\nsource_profile = self\n");
        var sts = new RecordingRoleAssumer();
        await Resolve(home, new AwsCliOptions(Profile: "self", Region: "us-east-1"), sts);
        Assert.Equal("AKIDSELF", Assert.Single(sts.Calls).SourceKeyId);
    }

    [Fact]
    public async Task Source_profile_loops_are_reported_with_the_path()
    {
        using var home = new AwsHome().Config(
            "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = a\n");
        var message = await Failure(home, new AwsCliOptions(Profile: "a", Region: "us-east-1"), new RecordingRoleAssumer());
        Assert.Contains("Infinite loop in profile configuration: a -> b -> a", message);
    }

    [Fact]
    public async Task Role_profile_errors_name_the_profile_and_setting()
    {
        using var home = new AwsHome().Config(
            "[profile nosource]\nrole_arn = arn:aws:iam::1:role/A\n" +
            "[profile missing]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = ghost\n" +
            "[profile both]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = x\ncredential_source = Environment\n");
        var sts = new RecordingRoleAssumer();
        Assert.Contains("profile nosource has role_arn (" + home.ConfigPath + " line 2) but neither source_profile nor credential_source",
            await Failure(home, new AwsCliOptions(Profile: "nosource", Region: "r"), sts));
        Assert.Contains("source_profile ghost (" + home.ConfigPath + " line 5) could not be found",
            await Failure(home, new AwsCliOptions(Profile: "missing", Region: "r"), sts));
        Assert.Contains("has both source_profile", await Failure(home, new AwsCliOptions(Profile: "both", Region: "r"), sts));
        Assert.Empty(sts.Calls);
    }

    [Fact]
    public async Task Credential_source_environment_uses_the_environment_keys_even_with_a_profile_option()
    {
        using var home = new AwsHome().Config("[profile envrole]\nrole_arn = arn:aws:iam::1:role/Env\ncredential_source = Environment\n");
        home.Variables["AWS_ACCESS_KEY_ID"] = "AKIDENV";
        home.Variables["AWS_SECRET_ACCESS_KEY"] = "e";
        var sts = new RecordingRoleAssumer();
        var credentials = await Resolve(home, new AwsCliOptions(Profile: "envrole", Region: "r"), sts);
        Assert.Equal("ASIA-Env", credentials.Credentials.AccessKeyId);
        Assert.Equal("AKIDENV", Assert.Single(sts.Calls).SourceKeyId);
    }

    [Fact]
    public async Task Mfa_serial_prompts_and_sends_the_code_read_from_input()
    {
        using var home = new AwsHome()
            .Credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n")
            .Config("[profile mfa]\nrole_arn = arn:aws:iam::1:role/Mfa\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/alice\n");
        home.Stdin = "123456\nwhoami\n";
        var sts = new RecordingRoleAssumer();
        await Resolve(home, new AwsCliOptions(Profile: "mfa", Region: "r"), sts);
        Assert.Equal("Enter MFA code for arn:aws:iam::1:mfa/alice: ", home.Prompt.ToString());
        var request = Assert.Single(sts.Calls).Request;
        Assert.Equal(("arn:aws:iam::1:mfa/alice", "123456"), (request.SerialNumber, request.TokenCode));
    }

    [Fact]
    public async Task Mfa_without_a_code_is_an_error()
    {
        using var home = new AwsHome()
            .Credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n")
            .Config("[profile mfa]\nrole_arn = arn:aws:iam::1:role/Mfa\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/alice\n");
        var sts = new RecordingRoleAssumer();
        Assert.Contains("no MFA code was entered for arn:aws:iam::1:mfa/alice", await Failure(home, new AwsCliOptions(Profile: "mfa", Region: "r"), sts));
        Assert.Empty(sts.Calls);
    }

    [Fact]
    public async Task Assumed_credentials_are_cached_until_near_expiry()
    {
        using var home = new AwsHome()
            .Credentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n")
            .Config("[default]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n");
        var sts = new RecordingRoleAssumer();
        using var context = home.Context(sts: sts);
        var first = await context.Credentials.GetCredentialsAsync(CancellationToken.None);
        var second = await context.Credentials.GetCredentialsAsync(CancellationToken.None);
        Assert.Same(first, second);
        Assert.Single(sts.Calls);
    }

    [Fact]
    public async Task Expired_credential_process_output_is_fetched_again()
    {
        using var home = new AwsHome();
        var counter = Path.Combine(home.Directory, "count");
        var script = home.WriteScript("expiring.sh",
            $"echo x >> {counter}\necho '{{\"Version\":1,\"AccessKeyId\":\"AKID\",\"SecretAccessKey\":\"s\",\"Expiration\":\"2000-01-01T00:00:00Z\"}}'\n");
        home.Config($"[default]\ncredential_process = {script}\n");
        using var context = home.Context();
        await context.Credentials.GetCredentialsAsync(CancellationToken.None);
        await context.Credentials.GetCredentialsAsync(CancellationToken.None);
        Assert.Equal(2, File.ReadAllLines(counter).Length);
    }
}
