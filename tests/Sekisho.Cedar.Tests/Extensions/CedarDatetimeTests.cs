using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Tests.Extensions;

// Expected answers were checked against cedar-wasm 4.12 (epoch values against the reference's own unit tests).
public sealed class CedarDatetimeTests
{
    private static CedarDatetime Dt(string s) => CedarDatetime.Parse(s);

    private static CedarDuration Du(string s) => CedarDuration.Parse(s);

    private static CedarDatetime Epoch(long ms) => new(ms);

    [Theory]
    [InlineData("2024-10-28", 1730073600000)]
    [InlineData("2024-10-28T01:22:33.456Z", 1730078553456)]
    [InlineData("2024-10-28T10:12:13.456-0700", 1730135533456)]
    [InlineData("1970-01-01", 0)]
    [InlineData("1969-12-31T23:59:59.999Z", -1)]
    [InlineData("0000-01-01", -62167219200000)]
    [InlineData("9999-12-31T23:59:59.999Z", 253402300799999)]
    public void EpochMilliseconds(string input, long expected) => Assert.Equal(expected, Dt(input).EpochMilliseconds);

    [Theory]
    [InlineData("2024-10-15T11:35:00+0100", "2024-10-15T10:35:00Z")]
    [InlineData("2024-10-15T23:59:00+2359", "2024-10-15T00:00:00Z")]
    [InlineData("2024-10-15T00:00:00-2359", "2024-10-15T23:59:00Z")]
    [InlineData("2024-10-15T11:38:02.101+1134", "2024-10-15T00:04:02.101Z")]
    [InlineData("2024-10-15T00:00:00.000Z", "2024-10-15")]
    public void OffsetsAreAppliedWhenParsing(string withOffset, string utc) => Assert.Equal(Dt(utc), Dt(withOffset));

    [Fact]
    public void Offset()
    {
        Assert.True(Dt("2024-10-15").TryOffset(Du("1d"), out var next, out _));
        Assert.Equal(Dt("2024-10-16"), next);
        Assert.True(Dt("2024-10-15").TryOffset(Du("-1ms"), out var before, out _));
        Assert.Equal(Dt("2024-10-14T23:59:59.999Z"), before);
        Assert.True(Dt("2024-10-28T10:12:13.456-0700").TryOffset(Du("-7h"), out var shifted, out _));
        Assert.Equal(Dt("2024-10-28T10:12:13.456Z"), shifted);
        Assert.True(Epoch(0).TryOffset(new CedarDuration(long.MaxValue), out var max, out _));
        Assert.Equal(long.MaxValue, max.EpochMilliseconds);
        Assert.True(Epoch(0).TryOffset(new CedarDuration(long.MinValue), out var min, out _));
        Assert.Equal(long.MinValue, min.EpochMilliseconds);
    }

    [Fact]
    public void OffsetOverflowIsAnErrorWordedAsTheReference()
    {
        Assert.False(Epoch(long.MaxValue).TryOffset(Du("1ms"), out _, out var error));
        Assert.Equal("offset", error.ExtensionName);
        Assert.Equal(
            "error while evaluating `offset` extension function: overflows when adding an offset: "
            + "(datetime(\"1970-01-01\")).offset(duration(\"9223372036854775807ms\"))+(1ms)",
            error.ToString());
        Assert.False(Epoch(long.MinValue).TryOffset(Du("-1ms"), out _, out error));
        Assert.Equal(
            "overflows when adding an offset: (datetime(\"1970-01-01\")).offset(duration(\"-9223372036854775808ms\"))+(-1ms)",
            error.Message);
        Assert.False(Dt("9999-12-31").TryOffset(new CedarDuration(long.MaxValue), out _, out error));
        Assert.Equal(
            "overflows when adding an offset: (datetime(\"1970-01-01\")).offset(duration(\"253402214400000ms\"))+(9223372036854775807ms)",
            error.Message);
    }

    [Fact]
    public void DurationSince()
    {
        Assert.True(Dt("2024-10-24").TryDurationSince(Epoch(0), out var since, out _));
        Assert.Equal(Du("20020d"), since);
        Assert.True(Dt("2024-10-23").TryDurationSince(Dt("2024-10-24"), out since, out _));
        Assert.Equal(Du("-1d"), since);
        Assert.True(Dt("2024-10-28T10:12:13.456+0700").TryDurationSince(Dt("2024-10-28T10:12:13.456Z"), out since, out _));
        Assert.Equal(Du("-7h"), since);

        Assert.False(Epoch(long.MaxValue).TryDurationSince(Epoch(-1), out _, out var error));
        Assert.Equal("durationSince", error.ExtensionName);
        Assert.Equal(
            "overflows when computing the duration between (datetime(\"1970-01-01\")).offset(duration(\"9223372036854775807ms\")) "
            + "and (datetime(\"1970-01-01\")).offset(duration(\"-1ms\"))",
            error.Message);
        Assert.False(Epoch(long.MinValue).TryDurationSince(Epoch(1), out _, out _));
        Assert.True(Epoch(long.MinValue).TryDurationSince(Epoch(0), out since, out _));
        Assert.Equal(long.MinValue, since.Milliseconds);
    }

    [Theory]
    [InlineData("2024-10-28T10:12:13.456+0700", "2024-10-28", "3h12m13s456ms")]
    [InlineData("2024-10-28T10:12:13.456-0700", "2024-10-28", "17h12m13s456ms")]
    [InlineData("1969-12-31T23:59:59.999Z", "1969-12-31", "23h59m59s999ms")]
    [InlineData("1969-12-31", "1969-12-31", "0ms")]
    [InlineData("0000-01-01", "0000-01-01", "0ms")]
    [InlineData("1900-01-01T00:00:00.001Z", "1900-01-01", "1ms")]
    public void ToDateAndToTime(string input, string date, string time)
    {
        Assert.True(Dt(input).TryToDate(out var result, out _));
        Assert.Equal(Dt(date), result);
        Assert.Equal(Du(time), Dt(input).ToTime());
    }

    [Fact]
    public void ToDateAndToTimeAtTheI64Limits()
    {
        Assert.False(Epoch(long.MinValue).TryToDate(out _, out var error));
        Assert.Equal("toDate", error.ExtensionName);
        Assert.Equal(
            "overflows when computing the date of (datetime(\"1970-01-01\")).offset(duration(\"-9223372036854775808ms\"))",
            error.Message);
        Assert.Equal(60424192, Epoch(long.MinValue).ToTime().Milliseconds);

        // The earliest instant whose date is representable, and the one just before it.
        Assert.True(Epoch(-9223372036828800000).TryToDate(out var earliest, out _));
        Assert.Equal(-9223372036828800000, earliest.EpochMilliseconds);
        Assert.False(Epoch(-9223372036828800001).TryToDate(out _, out _));
        Assert.True(Epoch(long.MinValue + 86400000).TryToDate(out var date, out _));
        Assert.Equal(-9223372036828800000, date.EpochMilliseconds);

        Assert.True(Epoch(long.MaxValue).TryToDate(out date, out _));
        Assert.Equal(9223372036828800000, date.EpochMilliseconds);
        Assert.Equal(25975807, Epoch(long.MaxValue).ToTime().Milliseconds);
    }

    [Fact]
    public void ComparisonsAndEquality()
    {
        Assert.True(Dt("2024-10-15") < Dt("2024-10-15T00:00:00.001Z"));
        Assert.True(Dt("2024-10-28T10:12:13.456-0700") > Dt("2024-10-28T10:12:13.456Z"));
        Assert.True(Dt("2024-10-28T10:12:13.456-0700") < Dt("2024-10-28T17:12:13.456-0800"));
        Assert.True(Dt("2024-10-28T10:12:13.456-0700") <= Dt("2024-10-28T17:12:13.456-0800"));
        Assert.True(Dt("1900-01-01") >= Dt("0000-01-01"));
        Assert.Equal(Dt("2024-10-28T10:12:13.456-0700"), Dt("2024-10-28T17:12:13.456Z"));
        Assert.Equal(Dt("2024-10-28T10:12:13.456-0700").GetHashCode(), Dt("2024-10-28T17:12:13.456Z").GetHashCode());
        Assert.True(Epoch(long.MinValue).CompareTo(Epoch(long.MaxValue)) < 0);
    }

    [Theory]
    [InlineData("2024-10-15T11:35:00+0100", "2024-10-15T10:35:00.000Z")]
    [InlineData("0000-01-01", "0000-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z")]
    [InlineData("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z")]
    [InlineData("2000-02-29T12:00:00Z", "2000-02-29T12:00:00.000Z")]
    public void IsoTextRoundTrips(string input, string iso)
    {
        Assert.True(Dt(input).TryFormatIso(out var text));
        Assert.Equal(iso, text);
        Assert.Equal(iso, Dt(input).ToString());
        Assert.Equal($"datetime(\"{iso}\")", Dt(input).ToCedarExpression());
        Assert.Equal(Dt(input), Dt(iso));
    }

    [Fact]
    public void InstantsOutsideYears0To9999UseTheOffsetForm()
    {
        var late = Dt("9999-12-31T23:59:59.999Z").EpochMilliseconds + 1;
        Assert.False(Epoch(late).TryFormatIso(out _));
        Assert.Equal($"(datetime(\"1970-01-01\")).offset(duration(\"{late}ms\"))", Epoch(late).ToString());
        var early = Dt("0000-01-01").EpochMilliseconds - 1;
        Assert.False(Epoch(early).TryFormatIso(out _));
        Assert.Equal(Epoch(early).ReferenceExpression(), Epoch(early).ToCedarExpression());
        Assert.False(Epoch(long.MinValue).TryFormatIso(out _));
        Assert.False(Epoch(long.MaxValue).TryFormatIso(out _));
    }

    [Theory]
    [InlineData("22024-30-28T10:12:13.456-0700", "invalid date pattern")]
    [InlineData("2024-02-30", "invalid date: 2024-02-30")]
    [InlineData("2025-02-29", "invalid date: 2025-02-29")]
    [InlineData("2024-02-30X", "invalid hour/minute/second pattern")]
    [InlineData("2024-01-01T01:02", "invalid hour/minute/second pattern")]
    [InlineData("2024-01-01T00:00:00", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T00:00:00.0001Z", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T00:00:00.001+00000", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-02-30T25:00:00+2500", "invalid date: 2024-02-30")]
    [InlineData("2024-01-01T25:00:00+2500", "invalid hour/minute/second: 25:00:00")]
    [InlineData("2016-12-31T23:59:60Z", "invalid hour/minute/second: 23:59:60")]
    [InlineData("2016-12-31T00:00:00+1160", "invalid offset range: 1160")]
    [InlineData("2016-12-31T00:00:00+2400", "invalid offset range: 240")]
    [InlineData("2016-12-31T00:00:00+0060", "invalid offset range: 060")]
    public void Refusals(string input, string message)
    {
        Assert.False(CedarDatetime.TryParse(input, out _, out var error));
        Assert.Equal("datetime", error.ExtensionName);
        Assert.Equal(message, error.Message);
        Assert.Equal(CedarDatetime.ParseHelp, error.Help);
    }
}
