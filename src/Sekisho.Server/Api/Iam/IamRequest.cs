using System.Globalization;
using System.Text.Json.Nodes;
using Sekisho.Protocol.Aws;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

/// <summary>One IAM call: the caller and the input members (already read and validated against the model).</summary>
public sealed record IamRequest(IamCaller Caller, JsonObject Input)
{
    public string Account => Caller.AccountId;

    public string? Str(string member) =>
        Input.TryGetPropertyValue(member, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A member the model marks required (the reader has already refused requests without it).</summary>
    public string Req(string member) => Str(member) ?? throw new IamException(AwsError.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must not be null"));

    public int? Int(string member) =>
        Input.TryGetPropertyValue(member, out var v) && v is JsonValue value ? checked((int)value.GetValue<long>()) : null;

    public bool? Bool(string member) =>
        Input.TryGetPropertyValue(member, out var v) && v is JsonValue value ? value.GetValue<bool>() : null;

    public IReadOnlyList<string> Strings(string member)
    {
        var result = new List<string>();
        if (Input.TryGetPropertyValue(member, out var v) && v is JsonArray array)
            foreach (var item in array)
                if (item is JsonValue s) result.Add(s.GetValue<string>());
        return result;
    }

    public IReadOnlyList<Tag> Tags(string member = "Tags")
    {
        var result = new List<Tag>();
        if (Input.TryGetPropertyValue(member, out var v) && v is JsonArray array)
            foreach (var item in array)
                if (item is JsonObject o)
                    result.Add(new Tag(o["Key"]?.GetValue<string>() ?? "", o["Value"]?.GetValue<string>() ?? ""));
        return result;
    }

    /// <summary>The named user, or the calling IAM user when the name is omitted.</summary>
    public string UserOrCaller(string member = "UserName") =>
        Str(member) ?? Caller.UserName
        ?? throw new IamException(AwsError.Validation("Must specify userName when calling with non-User credentials"));

    public static string Arn(string account, string kind, string? path, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"arn:aws:iam::{account}:{kind}{path ?? "/"}{name}");
}
