namespace Sekisho.Policy;

/// <summary>
/// Offsets of the six parts of an ARN (arn:partition:service:region:account:resource). The resource part keeps any
/// further colons. Found without allocating so it can run per request.
/// </summary>
internal readonly struct ArnParts
{
    // Start offsets of partition, service, region, account, resource; each part ends one before the next start.
    private readonly int _p1, _p2, _p3, _p4, _p5;

    private ArnParts(int p1, int p2, int p3, int p4, int p5)
    {
        _p1 = p1; _p2 = p2; _p3 = p3; _p4 = p4; _p5 = p5;
    }

    public static bool TryParse(ReadOnlySpan<char> arn, out ArnParts parts)
    {
        parts = default;
        if (!arn.StartsWith("arn:")) return false;
        Span<int> starts = stackalloc int[5];
        var found = 0;
        for (var i = 3; i < arn.Length && found < 5; i++)
            if (arn[i] == ':') starts[found++] = i + 1;
        if (found < 5) return false;
        parts = new ArnParts(starts[0], starts[1], starts[2], starts[3], starts[4]);
        return true;
    }

    public ReadOnlySpan<char> Segment(ReadOnlySpan<char> arn, int index) => index switch
    {
        0 => arn[..3],
        1 => arn[_p1..(_p2 - 1)],
        2 => arn[_p2..(_p3 - 1)],
        3 => arn[_p3..(_p4 - 1)],
        4 => arn[_p4..(_p5 - 1)],
        _ => arn[_p5..],
    };

    public ReadOnlySpan<char> Service(ReadOnlySpan<char> arn) => Segment(arn, 2);
    public ReadOnlySpan<char> Account(ReadOnlySpan<char> arn) => Segment(arn, 4);
    public ReadOnlySpan<char> Resource(ReadOnlySpan<char> arn) => Segment(arn, 5);
}
