using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Sekisho.Cedar.Extensions;

/// <summary>
/// A Cedar <c>decimal</c>: a fixed-point number with 4 fractional digits, stored as a 64-bit count of
/// ten-thousandths, so the range is -922337203685477.5808 to 922337203685477.5807. Equal values are equal
/// however they were written (<c>decimal("1.5") == decimal("1.5000")</c>). Ordered only through its methods:
/// Cedar's <c>&lt;</c> refuses decimals.
/// </summary>
/// <param name="ScaledValue">The value times 10^4.</param>
public readonly record struct CedarDecimal(long ScaledValue) : IComparable<CedarDecimal>
{
    /// <summary>Help for a string that does not have the decimal shape.</summary>
    public const string ParseHelp =
        "valid decimal strings look like `12.34`: digits are required on both sides of `.`, up to 4 fractional digits are allowed, "
        + "and the value must be in range -922337203685477.5808 to 922337203685477.5807";

    private const string ExtensionName = "decimal";
    private const string OverflowHelp = "the value must be in range -922337203685477.5808 to 922337203685477.5807";
    private const string TooManyDigitsHelp = "at most 4 digits are supported";
    private const int FractionDigits = 4;
    private const long Scale = 10_000;

    /// <summary>The smallest decimal, -922337203685477.5808.</summary>
    public static CedarDecimal MinValue => new(long.MinValue);

    /// <summary>The largest decimal, 922337203685477.5807.</summary>
    public static CedarDecimal MaxValue => new(long.MaxValue);

    /// <summary><c>lessThan</c>.</summary>
    public bool LessThan(CedarDecimal other) => ScaledValue < other.ScaledValue;

    /// <summary><c>lessThanOrEqual</c>.</summary>
    public bool LessThanOrEqual(CedarDecimal other) => ScaledValue <= other.ScaledValue;

    /// <summary><c>greaterThan</c>.</summary>
    public bool GreaterThan(CedarDecimal other) => ScaledValue > other.ScaledValue;

    /// <summary><c>greaterThanOrEqual</c>.</summary>
    public bool GreaterThanOrEqual(CedarDecimal other) => ScaledValue >= other.ScaledValue;

    /// <inheritdoc/>
    public int CompareTo(CedarDecimal other) => ScaledValue.CompareTo(other.ScaledValue);

    /// <summary>
    /// Parses the argument of <c>decimal(...)</c> as cedar-policy 4.12 does: <c>-?\d+\.\d+</c> (Unicode digits
    /// match the pattern but then fail as an overflow, as in the reference), at most 4 fractional digits, in range.
    /// </summary>
    public static bool TryParse(string text, out CedarDecimal value, [NotNullWhen(false)] out ExtensionError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        var negative = text.StartsWith('-');
        var intStart = negative ? 1 : 0;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0
            || !AllUnicodeDigits(text.AsSpan(intStart, dot - intStart))
            || !AllUnicodeDigits(text.AsSpan(dot + 1)))
        {
            error = new ExtensionError(ExtensionName, $"`{text}` is not a well-formed decimal value", ParseHelp);
            return false;
        }

        var intPart = text.AsSpan(intStart, dot - intStart);
        var fracPart = text.AsSpan(dot + 1);

        // Same order of checks as the reference: integer part, its scaling, fraction length (in UTF-8 bytes,
        // which only differs from the digit count for non-ASCII digits), fraction value.
        if (!TryParseAsciiDigits(intPart, negative, out var whole)
            || whole > long.MaxValue / Scale
            || whole < long.MinValue / Scale)
        {
            error = Overflow();
            return false;
        }

        var fracLength = Encoding.UTF8.GetByteCount(fracPart);
        if (fracLength > FractionDigits)
        {
            error = new ExtensionError(ExtensionName, $"too many digits after the decimal in `{text}`", TooManyDigitsHelp);
            return false;
        }

        if (!TryParseAsciiDigits(fracPart, negative: false, out var fraction))
        {
            error = Overflow();
            return false;
        }

        for (var i = fracLength; i < FractionDigits; i++)
        {
            fraction *= 10;
        }

        var result = negative ? (Int128)whole * Scale - fraction : (Int128)whole * Scale + fraction;
        if (result < long.MinValue || result > long.MaxValue)
        {
            error = Overflow();
            return false;
        }

        value = new CedarDecimal((long)result);
        error = null;
        return true;
    }

    /// <summary>Parses the argument of <c>decimal(...)</c>, throwing <see cref="FormatException"/> on bad input.</summary>
    public static CedarDecimal Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error.ToString());

    private static ExtensionError Overflow() => new(ExtensionName, "overflow when converting to decimal", OverflowHelp);

    // Rust's regex \d is Unicode-aware (general category Nd), so "١.٢" has the shape of a decimal.
    private static bool AllUnicodeDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var rune in s.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.DecimalDigitNumber)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseAsciiDigits(ReadOnlySpan<char> digits, bool negative, out long value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            var digit = c - '0';
            if (negative)
            {
                if (value < (long.MinValue + digit) / 10)
                {
                    return false;
                }

                value = (value * 10) - digit;
            }
            else
            {
                if (value > (long.MaxValue - digit) / 10)
                {
                    return false;
                }

                value = (value * 10) + digit;
            }
        }

        return true;
    }

    /// <summary>The reference's canonical form, always with 4 fractional digits: <c>-1.5000</c>.</summary>
    public override string ToString()
    {
        var magnitude = ScaledValue < 0 ? (ulong)-(ScaledValue + 1) + 1 : (ulong)ScaledValue;
        var sign = ScaledValue < 0 ? "-" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / Scale}.{magnitude % Scale:D4}");
    }

    /// <summary>The Cedar expression that builds this value: <c>decimal("1.5000")</c>.</summary>
    public string ToCedarExpression() => $"decimal(\"{this}\")";

    public static bool operator <(CedarDecimal left, CedarDecimal right) => left.ScaledValue < right.ScaledValue;

    public static bool operator <=(CedarDecimal left, CedarDecimal right) => left.ScaledValue <= right.ScaledValue;

    public static bool operator >(CedarDecimal left, CedarDecimal right) => left.ScaledValue > right.ScaledValue;

    public static bool operator >=(CedarDecimal left, CedarDecimal right) => left.ScaledValue >= right.ScaledValue;
}
