using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Tests.Aws;

public sealed class AwsClientContextTests
{
    [Fact]
    public void Region_comes_from_the_option_then_AWS_REGION_then_AWS_DEFAULT_REGION_then_the_profile()
    {
        using var home = new AwsHome().Config("[default]\nregion = from-profile\n");
        Assert.Equal("from-profile", Region(home, null));
        home.Variables["AWS_DEFAULT_REGION"] = "from-default-region";
        Assert.Equal("from-default-region", Region(home, null));
        home.Variables["AWS_REGION"] = "from-region";
        Assert.Equal("from-region", Region(home, null));
        Assert.Equal("from-option", Region(home, "from-option"));
    }

    [Fact]
    public void No_region_anywhere_is_an_error()
    {
        using var home = new AwsHome();
        var message = Assert.Throws<CliException>(() => home.Context(new AwsCliOptions())).Message;
        Assert.Contains("You must specify a region", message);
    }

    [Fact]
    public void Ssm_endpoint_precedence_follows_the_aws_cli()
    {
        using var home = new AwsHome().Config(
            "[default]\nregion = r\nendpoint_url = https://profile.example\nservices = local\n" +
            "[services local]\nssm =\n  endpoint_url = https://services-ssm.example:8443\nsts =\n  endpoint_url = https://services-sts.example\n");
        Assert.Equal("https://services-ssm.example:8443/", Endpoint(home, "ssm", null));
        home.Variables["AWS_ENDPOINT_URL"] = "https://global-variable.example";
        Assert.Equal("https://services-ssm.example:8443/", Endpoint(home, "ssm", null));
        home.Variables["AWS_ENDPOINT_URL_SSM"] = "https://ssm-variable.example";
        Assert.Equal("https://ssm-variable.example/", Endpoint(home, "ssm", null));
        Assert.Equal("https://option.example/", Endpoint(home, "ssm", "https://option.example"));
        Assert.Equal("https://services-sts.example/", Endpoint(home, "sts", "https://option.example"));
    }

    [Fact]
    public void Global_endpoint_and_profile_endpoint_apply_without_service_settings()
    {
        using var home = new AwsHome().Config("[default]\nregion = r\nendpoint_url = https://profile.example\n");
        Assert.Equal("https://profile.example/", Endpoint(home, "ssm", null));
        home.Variables["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9000";
        Assert.Equal("http://127.0.0.1:9000/", Endpoint(home, "sts", null));
    }

    [Fact]
    public void Sts_falls_back_to_the_endpoint_option_and_then_to_aws()
    {
        using var home = new AwsHome().Config("[default]\nregion = eu-central-1\n");
        Assert.Equal("https://sekisho.example:8443/", Endpoint(home, "sts", "https://sekisho.example:8443"));
        Assert.Equal("https://sts.eu-central-1.amazonaws.com/", Endpoint(home, "sts", null));
    }

    [Fact]
    public void Ignoring_configured_endpoints_skips_variables_and_profile()
    {
        using var home = new AwsHome().Config("[default]\nregion = r\nendpoint_url = https://profile.example\n");
        home.Variables["AWS_ENDPOINT_URL_SSM"] = "https://ssm-variable.example";
        home.Variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        Assert.Equal("https://ssm.r.amazonaws.com/", Endpoint(home, "ssm", null));
    }

    [Fact]
    public void Bad_endpoints_and_services_references_say_where_they_were_set()
    {
        using var home = new AwsHome().Config("[default]\nregion = r\nservices = nowhere\n");
        Assert.Contains("no [services nowhere] section", Assert.Throws<CliException>(() => Endpoint(home, "ssm", null)).Message);
        using var other = new AwsHome().Config("[default]\nregion = r\n");
        other.Variables["AWS_ENDPOINT_URL_SSM"] = "ftp://x";
        Assert.Contains("(AWS_ENDPOINT_URL_SSM) is not an http:// or https:// URL", Assert.Throws<CliException>(() => Endpoint(other, "ssm", null)).Message);
    }

    [Fact]
    public void Tls_settings_follow_option_then_variable_then_profile()
    {
        using var home = new AwsHome().Config("[default]\nregion = r\nca_bundle = ~/missing-profile.pem\n");
        Assert.Contains(Path.Combine(home.Directory, "missing-profile.pem") + " (ca_bundle of profile default",
            Assert.Throws<CliException>(() => home.Context(new AwsCliOptions())).Message);
        home.Variables["AWS_CA_BUNDLE"] = "/nonexistent/variable.pem";
        Assert.Contains("(AWS_CA_BUNDLE) does not exist", Assert.Throws<CliException>(() => home.Context(new AwsCliOptions())).Message);
        using var context = home.Context(new AwsCliOptions(NoVerifySsl: true));
        Assert.False(context.Tls.Verify);
    }

    [Fact]
    public void Nested_settings_and_continuation_lines_parse_with_their_lines()
    {
        var sections = AwsIniFile.Parse("[services s]\nssm =\n  endpoint_url = http://a\n[default]\nnote = one\n  two\n", "f");
        Assert.Equal("http://a", sections["services s"].Values["ssm"].Nested["endpoint_url"]);
        Assert.Equal("one\ntwo", sections["default"].Values["note"].Value);
        Assert.Equal(5, sections["default"].Values["note"].Line);
        Assert.Contains("f line 1: 'x = 1' comes before any [section] header",
            Assert.Throws<CliException>(() => AwsIniFile.Parse("x = 1\n", "f")).Message);
        Assert.Contains("f line 2: expected 'key = value'", Assert.Throws<CliException>(() => AwsIniFile.Parse("[a]\njunk\n", "f")).Message);
    }

    private static string Region(AwsHome home, string? option)
    {
        using var context = home.Context(new AwsCliOptions(Region: option));
        return context.Region;
    }

    private static string Endpoint(AwsHome home, string service, string? option)
    {
        using var context = home.Context(new AwsCliOptions(EndpointUrl: option));
        return context.Endpoint(service, isCommandService: service == "ssm").ToString();
    }
}
