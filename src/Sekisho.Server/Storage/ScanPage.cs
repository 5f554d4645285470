namespace Sekisho.Server.Storage;

/// <summary>
/// One page of a scan, read from one consistent snapshot at store revision <see cref="Revision"/>.
/// When <see cref="More"/> is set, pass the last item's key as the next request's StartAfter.
/// </summary>
public sealed record ScanPage(IReadOnlyList<StoreItem> Items, bool More, long Revision)
{
    public string? NextStartAfter => More ? Items[^1].Key : null;
}
