using Sekisho.Server.Storage;

namespace Sekisho.Server.Sessions;

/// <summary>
/// Recordings as store blobs, so any replica can read them (DESIGN principle 6): a recording is a run of parts
/// <c>recordings/{account}/{session}/{n:D6}</c> appended while the session lives (each part is a few seconds or
/// 256 KiB of events, written once), read back by concatenating parts until one is missing. Parts rather than
/// one blob rewritten on each flush: appending stays linear and a crash loses only the last few seconds.
/// </summary>
public sealed class RecordingStore(IStore store)
{
    public static string Name(string account, string sessionId) => $"recordings/{account}/{sessionId}";

    public static string PartName(string recording, int part) => $"{recording}/{part:D6}";

    public Task WritePartAsync(string recording, int part, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var stream = new MemoryStream(content.ToArray(), writable: false);
        return store.PutBlobAsync(PartName(recording, part), stream, cancellationToken);
    }

    /// <summary>Copies the whole recording to <paramref name="destination"/>; false when it has no part.</summary>
    public async Task<bool> ReadAsync(string recording, Stream destination, CancellationToken cancellationToken)
    {
        var part = 0;
        while (await store.ReadBlobAsync(PartName(recording, part), destination, cancellationToken).ConfigureAwait(false))
            part++;
        return part > 0;
    }

    /// <summary>Deletes every part (retention); returns how many there were.</summary>
    public async Task<int> DeleteAsync(string recording, CancellationToken cancellationToken)
    {
        var part = 0;
        while (await store.DeleteBlobAsync(PartName(recording, part), cancellationToken).ConfigureAwait(false))
            part++;
        return part;
    }
}
