using Sekisho.Cli.Aws;

namespace Sekisho.Cli.Tests.Aws;

/// <summary>A temporary HOME with ~/.aws files and a controlled environment, for resolving the AWS configuration.</summary>
internal sealed class AwsHome : IDisposable
{
    public AwsHome()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sekisho-awshome-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, ".aws"));
    }

    public string Directory { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public StringWriter Prompt { get; } = new();

    public string Stdin { get; set; } = "";

    public string ConfigPath => Path.Combine(Directory, ".aws", "config");

    public string CredentialsPath => Path.Combine(Directory, ".aws", "credentials");

    public AwsHome Config(string text)
    {
        File.WriteAllText(ConfigPath, text);
        return this;
    }

    public AwsHome Credentials(string text)
    {
        File.WriteAllText(CredentialsPath, text);
        return this;
    }

    public string WriteScript(string name, string body)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public AwsEnvironment Environment() =>
        new(name => Variables.TryGetValue(name, out var v) ? v : null, Directory, new StringReader(Stdin), Prompt);

    public AwsClientContext Context(AwsCliOptions? options = null, IRoleAssumer? sts = null) =>
        AwsClientContext.Create(options ?? new AwsCliOptions(Region: "us-east-1"), Environment(), roleAssumer: sts is null ? null : _ => sts);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
