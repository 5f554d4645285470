using Microsoft.Win32.SafeHandles;

namespace Sekisho.Cli.Tests;

/// <summary>
/// <see cref="FileDescriptorStream"/> on a regular file shares the descriptor's offset, as stdin and stdout redirected to
/// a file are shared with the shell and the commands before and after: a new stream on the same descriptor (the next
/// writer or reader) continues where the last one stopped.
/// </summary>
public sealed class FileDescriptorStreamTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "sekisho-fd-stream-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Writers_one_after_the_other_on_one_descriptor_append_instead_of_overwriting()
    {
        using var handle = File.OpenHandle(_path, FileMode.Create, FileAccess.Write);
        var fd = Descriptor(handle);
        // The shell's echo, the session's output, the shell's next echo: each through its own stream.
        new FileDescriptorStream(fd, FileAccess.Write).Write("before\n"u8);
        new FileDescriptorStream(fd, FileAccess.Write).Write("ssm-user\n"u8);
        new FileDescriptorStream(fd, FileAccess.Write).Write("after\n"u8);
        Assert.Equal("before\nssm-user\nafter\n", File.ReadAllText(_path));
    }

    [Fact]
    public async Task A_reader_continues_where_the_one_before_it_stopped()
    {
        await File.WriteAllTextAsync(_path, "123456\nls -l\n");
        using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read);
        var fd = Descriptor(handle);
        // The MFA code's line is read first; what follows is the session's input, not the code again.
        var code = new byte[7];
        Assert.Equal(7, new FileDescriptorStream(fd, FileAccess.Read).Read(code));
        var rest = new byte[64];
        var n = await new FileDescriptorStream(fd, FileAccess.Read).ReadAsync(rest);
        Assert.Equal("123456\n", System.Text.Encoding.ASCII.GetString(code));
        Assert.Equal("ls -l\n", System.Text.Encoding.ASCII.GetString(rest, 0, n));
        Assert.Equal(0, await new FileDescriptorStream(fd, FileAccess.Read).ReadAsync(rest));
    }

    [Fact]
    public async Task Async_writes_land_in_order_at_the_shared_offset()
    {
        using var handle = File.OpenHandle(_path, FileMode.Create, FileAccess.Write);
        var stream = new FileDescriptorStream(Descriptor(handle), FileAccess.Write);
        for (var i = 0; i < 100; i++) await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{i};"));
        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => $"{i};")), await File.ReadAllTextAsync(_path));
    }

    [Fact]
    public void A_failed_write_says_which_descriptor_and_why()
    {
        File.WriteAllText(_path, "");
        using var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read);
        var fd = Descriptor(handle);
        var e = Assert.Throws<IOException>(() => new FileDescriptorStream(fd, FileAccess.Write).Write("x"u8));
        Assert.Contains($"writing file descriptor {fd} failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("errno 9", e.Message, StringComparison.Ordinal); // EBADF: the descriptor is read-only
        Assert.Throws<NotSupportedException>(() => new FileDescriptorStream(fd, FileAccess.Read).Write("x"u8));
    }

    private static int Descriptor(SafeFileHandle handle) => (int)handle.DangerousGetHandle();
}
