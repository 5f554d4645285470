using Sekisho.Server.Api;
using Sekisho.Server.Authentication;
using Sekisho.Server.Documents;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Sessions;

/// <summary>
/// Which OS user a session runs as (issue 5 "Run As"): with Run As on, the caller's <c>SSMSessionRunAs</c> tag
/// (the user's; for a role session the session tag, else the role's), else the preferences' default user, else
/// a refusal that says how to fix it; with Run As off, <c>ssm-user</c>. Never root.
/// </summary>
public static class RunAsResolver
{
    public const string TagKey = "SSMSessionRunAs";
    public const string SsmUser = "ssm-user";

    public static string Resolve(Caller caller, SessionPreferences preferences)
    {
        if (!preferences.RunAsEnabled) return SsmUser;
        var (user, source) = FromTags(caller);
        if (user is null && !string.IsNullOrWhiteSpace(preferences.RunAsDefaultUser))
            (user, source) = (preferences.RunAsDefaultUser.Trim(), "the runAsDefaultUser of the session preferences (SSM-SessionManagerRunShell)");
        if (user is null)
        {
            var where = caller.Session?.IsRoleSession == true
                ? "the role or as a session tag when assuming it"
                : "the IAM user";
            throw new AwsErrorException("ValidationException",
                $"Run As is enabled in the session preferences (SSM-SessionManagerRunShell), but {caller.Arn} has no {TagKey} tag " +
                $"and no runAsDefaultUser is set, so there is no OS user to start the session as. Either tag {where} with " +
                $"{TagKey}=<OS user name>, or set runAsDefaultUser in the SSM-SessionManagerRunShell document.");
        }
        if (!IsValidOsUser(user))
            throw new AwsErrorException("ValidationException",
                $"The Run As user '{user}' (from {source}) is not a valid OS user name: use 1 to 32 characters, lowercase letters, digits, '_', '.' or '-', not starting with a digit, '-' or '.'.");
        if (user == "root")
            throw new AwsErrorException("ValidationException",
                $"The Run As user is root (from {source}); Sekisho never starts a session as root. Choose an unprivileged OS user.");
        return user;
    }

    private static (string? User, string Source) FromTags(Caller caller)
    {
        if (caller.Session is { IsRoleSession: true } session && Find(session.SessionTags) is { } fromSession)
            return (fromSession, "the session tag " + TagKey);
        if (caller.Principal?.Tags is { } tags && Find(tags) is { } fromPrincipal)
            return (fromPrincipal, $"the {TagKey} tag of {caller.Principal.Arn}");
        return (null, "");
    }

    // IAM tag keys are unique case-insensitively, so any spelling is the one tag.
    private static string? Find(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
            if (string.Equals(key, TagKey, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        return null;
    }

    private static bool IsValidOsUser(string user)
    {
        if (user.Length is 0 or > 32) return false;
        if (char.IsAsciiDigit(user[0]) || user[0] is '-' or '.') return false;
        foreach (var c in user)
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.' or '-')) return false;
        return true;
    }
}
