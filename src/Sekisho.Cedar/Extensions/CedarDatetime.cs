using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sekisho.Cedar.Extensions;

/// <summary>
/// A Cedar <c>datetime</c>: a signed 64-bit number of non-leap milliseconds since 1970-01-01T00:00:00Z. The
/// constructor only accepts years 0000 to 9999, but <see cref="Offset"/> can reach the whole 64-bit range.
/// Datetimes support Cedar's <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> against another datetime.
/// </summary>
/// <param name="EpochMilliseconds">Milliseconds since the Unix epoch (negative before 1970).</param>
public readonly record struct CedarDatetime(long EpochMilliseconds) : IComparable<CedarDatetime>
{
    /// <summary>
    /// Help text the reference attaches to every <c>datetime</c> parse error (the more specific help texts in
    /// its source are not what it reports).
    /// </summary>
    public const string ParseHelp =
        "valid datetime strings start with `YYYY-MM-DD` and may optionally include `THH:MM:SS` plus `Z`, `.SSSZ`, or an offset like `+0700`";

    private const string ExtensionName = "datetime";
    private const long MillisecondsPerDay = 86_400_000;

    private static ReadOnlySpan<byte> MonthLengths => [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary><c>offset(duration)</c>: this instant moved by <paramref name="duration"/>; fails on 64-bit overflow.</summary>
    public bool TryOffset(CedarDuration duration, out CedarDatetime result, [NotNullWhen(false)] out ExtensionError? error)
    {
        var sum = (Int128)EpochMilliseconds + duration.Milliseconds;
        if (sum < long.MinValue || sum > long.MaxValue)
        {
            result = default;
            error = new ExtensionError("offset", $"overflows when adding an offset: {ReferenceExpression()}+({duration})", null);
            return false;
        }

        result = new CedarDatetime((long)sum);
        error = null;
        return true;
    }

    /// <summary><c>durationSince(other)</c>: this minus <paramref name="other"/>; fails on 64-bit overflow.</summary>
    public bool TryDurationSince(CedarDatetime other, out CedarDuration result, [NotNullWhen(false)] out ExtensionError? error)
    {
        var difference = (Int128)EpochMilliseconds - other.EpochMilliseconds;
        if (difference < long.MinValue || difference > long.MaxValue)
        {
            result = default;
            error = new ExtensionError(
                "durationSince",
                $"overflows when computing the duration between {ReferenceExpression()} and {other.ReferenceExpression()}",
                null);
            return false;
        }

        result = new CedarDuration((long)difference);
        error = null;
        return true;
    }

    /// <summary>
    /// <c>toDate()</c>: midnight UTC at or before this instant (floor to a whole day, also before 1970). Fails
    /// only for the few instants within a day of the smallest 64-bit value, whose midnight is not representable.
    /// </summary>
    public bool TryToDate(out CedarDatetime result, [NotNullWhen(false)] out ExtensionError? error)
    {
        var date = (Int128)EpochMilliseconds - FloorRemainder(EpochMilliseconds);
        if (date < long.MinValue)
        {
            result = default;
            error = new ExtensionError("toDate", $"overflows when computing the date of {ReferenceExpression()}", null);
            return false;
        }

        result = new CedarDatetime((long)date);
        error = null;
        return true;
    }

    /// <summary><c>toTime()</c>: the time since midnight UTC, always 0 to 23h59m59s999ms.</summary>
    public CedarDuration ToTime() => new(FloorRemainder(EpochMilliseconds));

    private static long FloorRemainder(long epoch)
    {
        var remainder = epoch % MillisecondsPerDay;
        return remainder < 0 ? remainder + MillisecondsPerDay : remainder;
    }

    /// <inheritdoc/>
    public int CompareTo(CedarDatetime other) => EpochMilliseconds.CompareTo(other.EpochMilliseconds);

    /// <summary>
    /// Parses the argument of <c>datetime(...)</c> as cedar-policy 4.12 does. Accepted: <c>YYYY-MM-DD</c>,
    /// or that followed by <c>THH:MM:SS</c>, an optional <c>.SSS</c>, and <c>Z</c> or <c>+hhmm</c>/<c>-hhmm</c>
    /// (offset hours below 24, minutes below 60). ASCII digits only, no leap second. The shape is checked
    /// before the values, in the reference's order, so its error is the one reported.
    /// </summary>
    public static bool TryParse(string text, out CedarDatetime value, [NotNullWhen(false)] out ExtensionError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        var s = text.AsSpan();
        if (s.Length < 10 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' || !Digits(s, 8, 2))
        {
            error = Fail("invalid date pattern");
            return false;
        }

        var year = Number(s, 0, 4);
        var month = Number(s, 5, 2);
        var day = Number(s, 8, 2);
        if (s.Length == 10)
        {
            if (!IsValidDate(year, month, day))
            {
                error = Fail($"invalid date: {text[..10]}");
                return false;
            }

            value = new CedarDatetime(DaysFromCivil(year, month, day) * MillisecondsPerDay);
            error = null;
            return true;
        }

        if (s.Length < 19 || s[10] != 'T' || !Digits(s, 11, 2) || s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2))
        {
            error = Fail("invalid hour/minute/second pattern");
            return false;
        }

        var hour = Number(s, 11, 2);
        var minute = Number(s, 14, 2);
        var second = Number(s, 17, 2);

        // The rest must be exactly (\.SSS)?(Z|[+-]hhmm).
        var rest = s[19..];
        var millisecond = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            if (!Digits(rest, 1, 3))
            {
                error = Fail("invalid millisecond and/or offset pattern");
                return false;
            }

            millisecond = Number(rest, 1, 3);
            rest = rest[4..];
        }

        var offsetSign = 0;
        int offsetHours = 0, offsetMinutes = 0;
        if (rest is ['Z'])
        {
            offsetSign = 0;
        }
        else if (rest.Length == 5 && rest[0] is '+' or '-' && Digits(rest, 1, 4))
        {
            offsetSign = rest[0] == '+' ? 1 : -1;
            offsetHours = Number(rest, 1, 2);
            offsetMinutes = Number(rest, 3, 2);
        }
        else
        {
            error = Fail("invalid millisecond and/or offset pattern");
            return false;
        }

        if (!IsValidDate(year, month, day))
        {
            error = Fail($"invalid date: {text[..10]}");
            return false;
        }

        if (hour >= 24 || minute >= 60 || second >= 60)
        {
            error = Fail($"invalid hour/minute/second: {text[11..19]}");
            return false;
        }

        if (offsetHours >= 24 || offsetMinutes >= 60)
        {
            // The reference prints both numbers without padding or separator: +2400 reads "240".
            error = Fail(string.Create(CultureInfo.InvariantCulture, $"invalid offset range: {offsetHours}{offsetMinutes}"));
            return false;
        }

        // Local time minus the offset is UTC; years 0000-9999 keep this far inside 64 bits.
        var epoch = (DaysFromCivil(year, month, day) * MillisecondsPerDay)
            + (((hour * 3600L) + (minute * 60L) + second) * 1000L)
            + millisecond
            - (offsetSign * ((offsetHours * 3600L) + (offsetMinutes * 60L)) * 1000L);
        value = new CedarDatetime(epoch);
        error = null;
        return true;
    }

    /// <summary>Parses the argument of <c>datetime(...)</c>, throwing <see cref="FormatException"/> on bad input.</summary>
    public static CedarDatetime Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error.ToString());

    private static ExtensionError Fail(string message) => new(ExtensionName, message, ParseHelp);

    private static bool Digits(ReadOnlySpan<char> s, int start, int count)
    {
        if (start + count > s.Length)
        {
            return false;
        }

        foreach (var c in s.Slice(start, count))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(ReadOnlySpan<char> s, int start, int count)
    {
        var n = 0;
        foreach (var c in s.Slice(start, count))
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }

    // Proleptic Gregorian calendar, year 0 included (a leap year), as chrono's NaiveDate.
    private static bool IsValidDate(int year, int month, int day)
    {
        if (month is < 1 or > 12 || day < 1)
        {
            return false;
        }

        if (month == 2)
        {
            var leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return day <= (leap ? 29 : 28);
        }

        return day <= MonthLengths[month - 1];
    }

    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    private static long DaysFromCivil(long year, long month, long day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    // Inverse of DaysFromCivil, valid over the whole range of day counts a 64-bit millisecond value can reach.
    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var year = yearOfEra + (era * 400);
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (month <= 2 ? year + 1 : year, month, day);
    }

    /// <summary>
    /// ISO 8601 in UTC with milliseconds, <c>2024-10-15T11:35:00.000Z</c>, which <c>datetime(...)</c> parses back
    /// to an equal value. Instants outside years 0000-9999 have no such form (the constructor would refuse it);
    /// for those this returns false and <see cref="ToString"/> falls back to <see cref="ReferenceExpression"/>.
    /// </summary>
    public bool TryFormatIso([NotNullWhen(true)] out string? iso)
    {
        var days = Math.DivRem(EpochMilliseconds, MillisecondsPerDay, out var timeOfDay);
        if (timeOfDay < 0)
        {
            days--;
            timeOfDay += MillisecondsPerDay;
        }

        var (year, month, day) = CivilFromDays(days);
        if (year is < 0 or > 9999)
        {
            iso = null;
            return false;
        }

        var ms = timeOfDay % 1000;
        var totalSeconds = timeOfDay / 1000;
        iso = string.Create(
            CultureInfo.InvariantCulture,
            $"{year:D4}-{month:D2}-{day:D2}T{totalSeconds / 3600:D2}:{totalSeconds / 60 % 60:D2}:{totalSeconds % 60:D2}.{ms:D3}Z");
        return true;
    }

    /// <summary>
    /// The reference's rendering of a datetime in messages and residuals, whatever built it:
    /// <c>(datetime("1970-01-01")).offset(duration("1728992100000ms"))</c>.
    /// </summary>
    public string ReferenceExpression() =>
        $"(datetime(\"1970-01-01\")).offset({new CedarDuration(EpochMilliseconds).ToCedarExpression()})";

    /// <summary>The ISO form when there is one (see <see cref="TryFormatIso"/>), else <see cref="ReferenceExpression"/>.</summary>
    public override string ToString() => TryFormatIso(out var iso) ? iso : ReferenceExpression();

    /// <summary>
    /// A Cedar expression that builds this value: <c>datetime("2024-10-15T11:35:00.000Z")</c>, or the offset form
    /// for instants outside years 0000-9999.
    /// </summary>
    public string ToCedarExpression() => TryFormatIso(out var iso) ? $"datetime(\"{iso}\")" : ReferenceExpression();

    public static bool operator <(CedarDatetime left, CedarDatetime right) => left.EpochMilliseconds < right.EpochMilliseconds;

    public static bool operator <=(CedarDatetime left, CedarDatetime right) => left.EpochMilliseconds <= right.EpochMilliseconds;

    public static bool operator >(CedarDatetime left, CedarDatetime right) => left.EpochMilliseconds > right.EpochMilliseconds;

    public static bool operator >=(CedarDatetime left, CedarDatetime right) => left.EpochMilliseconds >= right.EpochMilliseconds;
}
