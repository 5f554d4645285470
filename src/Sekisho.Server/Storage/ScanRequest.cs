namespace Sekisho.Server.Storage;

/// <summary>
/// Keys starting with <see cref="Prefix"/> (empty: all keys), in ascending UTF-8 byte order, strictly after
/// <see cref="StartAfter"/> when given (the last key of the previous page), at most <see cref="Limit"/> of them.
/// </summary>
public sealed record ScanRequest(string Prefix, string? StartAfter = null, int Limit = 1000)
{
    public const int MaxLimit = 10_000;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Prefix);
        if (Prefix.Length > 0) StorageKeys.Validate(Prefix);
        if (StartAfter is not null) StorageKeys.Validate(StartAfter);
        if (Limit is < 1 or > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"a scan returns between 1 and {MaxLimit} items");
    }
}
