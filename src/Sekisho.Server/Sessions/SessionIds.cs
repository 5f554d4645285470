using System.Security.Cryptography;
using Sekisho.Server.Authentication;

namespace Sekisho.Server.Sessions;

/// <summary>Session ids as AWS makes them: the caller's name (the role session name for role sessions), a dash, 17 random hex digits.</summary>
public static class SessionIds
{
    private const int RandomLength = 17;

    public static string New(Caller caller) => $"{CallerName(caller)}-{RandomNumberGenerator.GetHexString(RandomLength, lowercase: true)}";

    /// <summary>The user's name, or the last segment of an assumed-role ARN (its role session name).</summary>
    public static string CallerName(Caller caller)
    {
        if (caller.UserName is { Length: > 0 } user) return user;
        var slash = caller.Arn.LastIndexOf('/');
        return slash >= 0 ? caller.Arn[(slash + 1)..] : caller.Arn;
    }

    /// <summary>True for ids this server could have issued (guards the store key built from a path segment).</summary>
    public static bool IsWellFormed(string id)
    {
        if (id.Length is 0 or > 96) return false;
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or '=' or ',' or '+')) return false;
        return true;
    }
}
