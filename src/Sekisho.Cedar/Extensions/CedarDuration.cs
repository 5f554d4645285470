using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sekisho.Cedar.Extensions;

/// <summary>
/// A Cedar <c>duration</c>: a signed 64-bit number of milliseconds, built by <c>duration("1d2h3m4s5ms")</c>.
/// Durations support Cedar's <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> against another duration.
/// </summary>
/// <param name="Milliseconds">The length in milliseconds.</param>
public readonly record struct CedarDuration(long Milliseconds) : IComparable<CedarDuration>
{
    /// <summary>Help text the reference attaches to every <c>duration</c> parse error.</summary>
    public const string ParseHelp =
        "valid duration strings are concatenated quantity-unit pairs with an optional leading `-`, for example `1d2h3m4s50ms`";

    private const string ExtensionName = "duration";

    // Milliseconds per unit, in the only order the units may appear: d, h, m, s, ms.
    private static ReadOnlySpan<long> UnitMilliseconds => [86_400_000, 3_600_000, 60_000, 1_000, 1];

    /// <summary><c>toMilliseconds()</c>.</summary>
    public long ToMilliseconds() => Milliseconds;

    /// <summary><c>toSeconds()</c>: whole seconds, truncated toward zero.</summary>
    public long ToSeconds() => Milliseconds / 1000;

    /// <summary><c>toMinutes()</c>: whole minutes, truncated toward zero.</summary>
    public long ToMinutes() => ToSeconds() / 60;

    /// <summary><c>toHours()</c>: whole hours, truncated toward zero.</summary>
    public long ToHours() => ToMinutes() / 60;

    /// <summary><c>toDays()</c>: whole days, truncated toward zero.</summary>
    public long ToDays() => ToHours() / 24;

    /// <inheritdoc/>
    public int CompareTo(CedarDuration other) => Milliseconds.CompareTo(other.Milliseconds);

    /// <summary>
    /// Parses the argument of <c>duration(...)</c> as cedar-policy 4.12 does: an optional <c>-</c>, then at
    /// least one ASCII-digit quantity with a unit, units in the order d, h, m, s, ms and each at most once. The
    /// sign applies to the whole duration; the total must fit in 64 bits.
    /// </summary>
    public static bool TryParse(string text, out CedarDuration value, [NotNullWhen(false)] out ExtensionError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        var negative = text.StartsWith('-');
        var pos = negative ? 1 : 0;
        if (pos == text.Length)
        {
            error = InvalidPattern();
            return false;
        }

        // Pattern first, numbers second: the reference reports a pattern error even when a quantity is huge.
        Span<int> starts = stackalloc int[5];
        Span<int> lengths = stackalloc int[5];
        var nextUnit = 0;
        while (pos < text.Length)
        {
            var start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            var digits = pos - start;
            if (digits == 0 || pos == text.Length)
            {
                error = InvalidPattern();
                return false;
            }

            int unit;
            switch (text[pos])
            {
                case 'd': unit = 0; pos++; break;
                case 'h': unit = 1; pos++; break;
                case 's': unit = 3; pos++; break;
                case 'm' when pos + 1 < text.Length && text[pos + 1] == 's': unit = 4; pos += 2; break;
                case 'm': unit = 2; pos++; break;
                default:
                    error = InvalidPattern();
                    return false;
            }

            if (unit < nextUnit)
            {
                error = InvalidPattern();
                return false;
            }

            starts[unit] = start;
            lengths[unit] = digits;
            nextUnit = unit + 1;
        }

        // Every quantity must fit in u64 and the magnitude in i64 (2^63 allowed when negative); UInt128 holds
        // the largest possible sum, 5 quantities of u64 max times a day.
        UInt128 total = 0;
        for (var unit = 0; unit < 5; unit++)
        {
            if (lengths[unit] == 0)
            {
                continue;
            }

            if (!ulong.TryParse(text.AsSpan(starts[unit], lengths[unit]), NumberStyles.None, CultureInfo.InvariantCulture, out var quantity))
            {
                error = Overflow();
                return false;
            }

            total += (UInt128)quantity * (ulong)UnitMilliseconds[unit];
        }

        var limit = negative ? (UInt128)long.MaxValue + 1 : (UInt128)long.MaxValue;
        if (total > limit)
        {
            error = Overflow();
            return false;
        }

        value = new CedarDuration(negative ? (long)(0 - (ulong)total) : (long)(ulong)total);
        error = null;
        return true;
    }

    /// <summary>Parses the argument of <c>duration(...)</c>, throwing <see cref="FormatException"/> on bad input.</summary>
    public static CedarDuration Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error.ToString());

    private static ExtensionError InvalidPattern() => new(ExtensionName, "invalid duration pattern", ParseHelp);

    private static ExtensionError Overflow() => new(ExtensionName, "Duration overflows internal representation", ParseHelp);

    /// <summary>The reference's canonical form: the milliseconds with the <c>ms</c> unit, e.g. <c>-90061001ms</c>.</summary>
    public override string ToString() => Milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>The Cedar expression that builds this value: <c>duration("3600000ms")</c>.</summary>
    public string ToCedarExpression() => $"duration(\"{this}\")";

    public static bool operator <(CedarDuration left, CedarDuration right) => left.Milliseconds < right.Milliseconds;

    public static bool operator <=(CedarDuration left, CedarDuration right) => left.Milliseconds <= right.Milliseconds;

    public static bool operator >(CedarDuration left, CedarDuration right) => left.Milliseconds > right.Milliseconds;

    public static bool operator >=(CedarDuration left, CedarDuration right) => left.Milliseconds >= right.Milliseconds;
}
