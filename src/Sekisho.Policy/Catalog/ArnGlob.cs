namespace Sekisho.Policy.Catalog;

/// <summary>
/// Wildcard ARN patterns compared as IAM compares ARNs: the first five colon-separated parts (arn, partition,
/// service, region, account) each on their own, so a <c>*</c> in the region never swallows
/// <c>:account:document/</c>; the resource part (which may hold colons) as a whole.
/// </summary>
public static class ArnGlob
{
    private const int Parts = 6;

    /// <summary>Whether some ARN matches both patterns (case-sensitive, as AWS compares ARNs).</summary>
    public static bool Intersects(string a, string b)
    {
        if (a == "*" || b == "*") return true;
        Span<Range> aParts = stackalloc Range[Parts];
        Span<Range> bParts = stackalloc Range[Parts];
        // Something that is not a whole ARN pattern (say "arn:aws:s3*") is compared as one string.
        if (Split(a, aParts) < Parts || Split(b, bParts) < Parts) return Glob.Intersects(a, b, ignoreCase: false);
        for (var i = 0; i < Parts; i++)
        {
            if (!Glob.Intersects(a[aParts[i]], b[bParts[i]], ignoreCase: false)) return false;
        }
        return true;
    }

    private static int Split(string arn, Span<Range> parts) =>
        arn.AsSpan().Split(parts, ':', StringSplitOptions.None);
}
