using Sekisho.Server.Api;
using Sekisho.Server.Authentication;
using Sekisho.Server.Authorization;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Sessions;

/// <summary>
/// ssm:StartSession as AWS decides it: on the node (its tags as aws:ResourceTag/* and ssm:resourceTag/*) and on
/// the session document. A named document is always checked. For the default shell (no DocumentName) the
/// document is checked only when the policy asks for it with <c>ssm:SessionDocumentAccessCheck</c>: the node is
/// decided with the key false, and only if that is denied but allowed with the key true does the default
/// document's permission decide (so a policy naming only AWS-StartSSHSession is no boundary for the default
/// shell, scenario 3, while one requiring the check is). The node's denial comes first.
/// </summary>
public sealed class SessionAuthorization(Authorizer authorizer)
{
    public const string Action = "ssm:StartSession";
    public const string DocumentAccessCheckKey = "ssm:SessionDocumentAccessCheck";

    public static string NodeArn(string region, string account, string instanceId) =>
        instanceId.StartsWith("i-", StringComparison.Ordinal)
            ? $"arn:aws:ec2:{region}:{account}:instance/{instanceId}"
            : $"arn:aws:ssm:{region}:{account}:managed-instance/{instanceId}";

    /// <summary>
    /// Throws AccessDenied (AWS wording, encoded explanation) naming the first resource refused; the deciding
    /// outcomes (node, then document when checked) go to <paramref name="trail"/> for the audit log.
    /// </summary>
    public async Task AuthorizeAsync(Caller caller, RequestFacts facts, string nodeArn, IReadOnlyList<Tag>? nodeTags,
        string documentArn, bool documentNamed, AuthorizationTrail? trail, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new List<KeyValuePair<string, string[]>>();
        foreach (var tag in nodeTags ?? [])
        {
            tags[tag.Key] = tag.Value;
            keys.Add(new("ssm:resourceTag/" + tag.Key, [tag.Value]));
        }
        var nodeFacts = new ResourceFacts(null, tags);

        var checkDocument = true;
        AuthorizationOutcome node;
        if (documentNamed)
        {
            node = await DecideNodeAsync(caller, facts, nodeArn, nodeFacts, keys, "true", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            node = await DecideNodeAsync(caller, facts, nodeArn, nodeFacts, keys, "false", cancellationToken).ConfigureAwait(false);
            if (node.Allowed)
            {
                checkDocument = false;
            }
            else
            {
                var withCheck = await DecideNodeAsync(caller, facts, nodeArn, nodeFacts, keys, "true", cancellationToken).ConfigureAwait(false);
                if (withCheck.Allowed) node = withCheck;
            }
        }
        trail?.Add(node);
        if (!node.Allowed) throw Denied(node);
        if (!checkDocument) return;
        var document = await authorizer.AuthorizeAsync(caller, new AuthorizationRequest(Action, documentArn, ResourceFacts.None), facts, cancellationToken).ConfigureAwait(false);
        trail?.Add(document);
        if (!document.Allowed) throw Denied(document);
    }

    private ValueTask<AuthorizationOutcome> DecideNodeAsync(Caller caller, RequestFacts facts, string nodeArn, ResourceFacts nodeFacts,
        List<KeyValuePair<string, string[]>> tagKeys, string check, CancellationToken cancellationToken)
    {
        var keys = new List<KeyValuePair<string, string[]>>(tagKeys) { new(DocumentAccessCheckKey, [check]) };
        return authorizer.AuthorizeAsync(caller, new AuthorizationRequest(Action, nodeArn, nodeFacts, keys), facts, cancellationToken);
    }

    private static AwsErrorException Denied(AuthorizationOutcome outcome) => new("AccessDenied", outcome.Message!, 403);
}
