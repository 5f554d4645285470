using System.Collections.Concurrent;

namespace Sekisho.Protocol.Aws;

/// <summary>
/// A member's path in validation messages, as AWS words it: its name with the first letter lowered, after its
/// parent's path (<c>roleArn</c>, <c>tags.1.member.key</c>). Member names are the model's, a bounded set, so each is
/// lowered once: every request's input is read and checked member by member.
/// </summary>
internal static class MemberPaths
{
    private static readonly ConcurrentDictionary<string, string> Lowered = new(StringComparer.Ordinal);

    public static string Of(string parent, string member)
    {
        var name = Lowered.GetOrAdd(member, static n => n.Length == 0 ? n : char.ToLowerInvariant(n[0]) + n[1..]);
        return parent.Length == 0 ? name : parent + "." + name;
    }
}
