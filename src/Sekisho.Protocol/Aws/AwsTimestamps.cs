using System.Globalization;
using System.Text.Json.Nodes;

namespace Sekisho.Protocol.Aws;

/// <summary>Timestamps as the protocols write them: ISO 8601 in XML, epoch seconds in JSON 1.1.</summary>
public static class AwsTimestamps
{
    public static DateTimeOffset Read(JsonValue value) =>
        value.TryGetValue<DateTimeOffset>(out var t) ? t
        : value.TryGetValue<string>(out var s) ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
        : DateTimeOffset.FromUnixTimeMilliseconds((long)(value.GetValue<double>() * 1000));

    public static string ToIso8601(JsonValue value) =>
        Read(value).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static double ToEpochSeconds(JsonValue value) => Read(value).ToUnixTimeMilliseconds() / 1000.0;
}
