using System.Diagnostics;

namespace Sekisho.Agent.Tests.Support;

/// <summary>A real OS user named <c>sekisho-t-*</c>, created for one test and removed with its home afterwards.</summary>
internal sealed class TestOsUser : IDisposable
{
    private TestOsUser(string name) => Name = name;

    public string Name { get; }

    public string Home => $"/home/{Name}";

    public static TestOsUser Create(string shell = "/bin/bash")
    {
        var name = NewName();
        Run("/usr/sbin/useradd", "-m", "-s", shell, name);
        return new TestOsUser(name);
    }

    public static string NewName() => "sekisho-t-" + Guid.NewGuid().ToString("N")[..8];

    public static void Delete(string name)
    {
        // -f: a session's processes may still be exiting, and userdel would refuse while they run.
        Run("/usr/sbin/userdel", ignoreFailure: true, "-f", "-r", name);
    }

    public void Dispose() => Delete(Name);

    public static void Run(string file, params string[] args) => Run(file, false, args);

    private static void Run(string file, bool ignoreFailure, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
        }
    }
}
