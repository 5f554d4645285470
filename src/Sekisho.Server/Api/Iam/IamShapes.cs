using System.Text.Json.Nodes;
using Sekisho.Server.Credentials;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

/// <summary>Identity records as the IAM model's output shapes (JSON objects keyed by member names).</summary>
public static class IamShapes
{
    public static JsonObject User(UserRecord u, bool withTags = true)
    {
        var o = new JsonObject
        {
            ["Path"] = u.Path,
            ["UserName"] = u.UserName,
            ["UserId"] = u.UserId,
            ["Arn"] = u.Arn,
            ["CreateDate"] = JsonValue.Create(u.CreateDate),
        };
        if (u.PasswordLastUsed is { } used) o["PasswordLastUsed"] = JsonValue.Create(used);
        if (u.PermissionsBoundaryArn is { } b) o["PermissionsBoundary"] = Boundary(b);
        if (withTags && u.Tags.Count > 0) o["Tags"] = Tags(u.Tags);
        return o;
    }

    public static JsonObject Group(GroupRecord g) => new()
    {
        ["Path"] = g.Path,
        ["GroupName"] = g.GroupName,
        ["GroupId"] = g.GroupId,
        ["Arn"] = g.Arn,
        ["CreateDate"] = JsonValue.Create(g.CreateDate),
    };

    public static JsonObject Role(RoleRecord r, bool withTags = true)
    {
        var o = new JsonObject
        {
            ["Path"] = r.Path,
            ["RoleName"] = r.RoleName,
            ["RoleId"] = r.RoleId,
            ["Arn"] = r.Arn,
            ["CreateDate"] = JsonValue.Create(r.CreateDate),
            ["AssumeRolePolicyDocument"] = PolicyDocuments.Encode(r.AssumeRolePolicyDocument),
            ["MaxSessionDuration"] = (long)r.MaxSessionDuration,
        };
        if (r.Description is { } d) o["Description"] = d;
        if (r.PermissionsBoundaryArn is { } b) o["PermissionsBoundary"] = Boundary(b);
        if (withTags && r.Tags.Count > 0) o["Tags"] = Tags(r.Tags);
        return o;
    }

    public static JsonObject Policy(ManagedPolicyRecord p, bool withTags = true)
    {
        var o = new JsonObject
        {
            ["PolicyName"] = p.PolicyName,
            ["PolicyId"] = p.PolicyId,
            ["Arn"] = p.Arn,
            ["Path"] = p.Path,
            ["DefaultVersionId"] = p.DefaultVersionId,
            ["AttachmentCount"] = (long)p.AttachmentCount,
            ["PermissionsBoundaryUsageCount"] = (long)p.PermissionsBoundaryUsageCount,
            ["IsAttachable"] = true,
            ["CreateDate"] = JsonValue.Create(p.CreateDate),
            ["UpdateDate"] = JsonValue.Create(p.UpdateDate),
        };
        if (p.Description is { } d) o["Description"] = d;
        if (withTags && p.Tags.Count > 0) o["Tags"] = Tags(p.Tags);
        return o;
    }

    public static JsonObject PolicyVersion(PolicyVersionRecord v, string defaultVersionId, bool withDocument = true)
    {
        var o = new JsonObject
        {
            ["VersionId"] = v.VersionId,
            ["IsDefaultVersion"] = v.VersionId == defaultVersionId,
            ["CreateDate"] = JsonValue.Create(v.CreateDate),
        };
        if (withDocument) o["Document"] = PolicyDocuments.Encode(v.Document);
        return o;
    }

    public static JsonObject AccessKeyMetadata(AccessKeyRecord k) => new()
    {
        ["UserName"] = k.UserName,
        ["AccessKeyId"] = k.AccessKeyId,
        ["Status"] = k.Status,
        ["CreateDate"] = JsonValue.Create(k.CreateDate),
    };

    public static JsonObject VirtualMfaDevice(MfaDeviceRecord d, UserRecord? user)
    {
        var o = new JsonObject { ["SerialNumber"] = d.SerialNumber };
        if (user is not null) o["User"] = User(user, withTags: false);
        if (d.EnableDate is { } e) o["EnableDate"] = JsonValue.Create(e);
        if (d.Tags.Count > 0) o["Tags"] = Tags(d.Tags);
        return o;
    }

    public static JsonObject Boundary(string arn) => new()
    {
        ["PermissionsBoundaryType"] = "Policy",
        ["PermissionsBoundaryArn"] = arn,
    };

    public static JsonArray Tags(IReadOnlyList<Tag> tags)
    {
        var a = new JsonArray();
        foreach (var t in tags) a.Add(new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value });
        return a;
    }

    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode> map)
    {
        var a = new JsonArray();
        foreach (var item in items) a.Add(map(item));
        return a;
    }

    /// <summary>A list result with AWS's paging members.</summary>
    public static JsonObject Paged<T>(string member, Page<T> page, Func<T, JsonNode> map)
    {
        var o = new JsonObject { [member] = Array(page.Items, map), ["IsTruncated"] = page.IsTruncated };
        if (page.Marker is { } m) o["Marker"] = m;
        return o;
    }
}
