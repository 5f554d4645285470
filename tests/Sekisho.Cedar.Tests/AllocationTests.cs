using Sekisho.Cedar.Authorization;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests;

/// <summary>
/// The authorizer allocates nothing per request beyond the response (the response object and its reason
/// list): scope checks, attribute reads, <c>in</c>, comparisons and extension methods on folded constants
/// must not allocate.
/// </summary>
public class AllocationTests
{
    private const string Policies = """
        permit (principal, action == Action::"CreateList", resource == Application::"TinyTodo");
        permit (principal, action == Action::"GetList", resource) when { principal == resource.owner };
        permit (principal, action, resource is List) when { principal == resource.owner };
        permit (principal, action == Action::"GetList", resource) when { principal in resource.readers || principal in resource.editors };
        permit (principal, action in [Action::"UpdateList", Action::"CreateTask"], resource) when { principal in resource.editors };
        forbid (principal in Team::"interns", action == Action::"CreateList", resource == Application::"TinyTodo");
        permit (principal, action, resource) when {
            context.ip.isInRange(ip("10.0.0.0/8")) && principal.level >= 3 && resource has name && resource.name like "list-*" };
        """;

    private static string Uid(string type, string id) => "{\"type\": \"" + type + "\", \"id\": \"" + id + "\"}";

    private static string Ref(string type, string id) => "{\"__entity\": " + Uid(type, id) + "}";

    [Fact]
    public void AuthorizingAllocatesOnlyTheResponse()
    {
        var json = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            json.Add("{\"uid\": {\"type\": \"User\", \"id\": \"u" + i + "\"}, \"attrs\": {\"level\": " + (i % 5) +
                "}, \"parents\": [{\"type\": \"Team\", \"id\": \"t" + (i % 4) + "\"}]}");
            json.Add("{\"uid\": " + Uid("List", "l" + i) + ", \"attrs\": {\"name\": \"list-" + i + "\", \"owner\": " + Ref("User", "u" + i) +
                ", \"readers\": " + Ref("Team", "t" + (i % 4)) + ", \"editors\": " + Ref("Team", "t" + ((i + 1) % 4)) + "}}");
        }
        for (var i = 0; i < 4; i++) json.Add("{\"uid\": " + Uid("Team", "t" + i) + ", \"parents\": [" + Uid("Team", "interns") + "]}");
        var store = EntityJson.ParseEntities("[" + string.Join(",", json) + "]");
        var policies = PolicySet.Parse(Policies);
        var context = EntityJson.ParseRequest("""
            {"principal": {"type": "User", "id": "u0"}, "action": {"type": "Action", "id": "GetList"}, "resource": {"type": "List", "id": "l0"},
             "context": {"ip": {"__extn": {"fn": "ip", "arg": "10.1.2.3"}}}}
            """).Context;
        string[] actions = ["CreateList", "GetList", "UpdateList", "CreateTask", "DeleteTask"];
        var requests = new Request[100];
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = new Request(new EntityUid("User", "u" + (i * 7 % 20)), new EntityUid("Action", actions[i % actions.Length]),
                new EntityUid("List", "l" + (i * 3 % 20)), context);
        }
        var allowed = 0;
        for (var i = 0; i < 2_000; i++) Authorizer.IsAuthorized(requests[i % requests.Length], policies, store);
        const int n = 20_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            if (Authorizer.IsAuthorized(requests[i % requests.Length], policies, store).IsAllowed) allowed++;
        }
        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
        Assert.InRange(allowed, n / 10, n - n / 10);
        // Response (about 40 bytes) plus a reason list with its array (about 90 bytes) when anything applies.
        Assert.True(perRequest <= 160, $"{perRequest:F0} bytes allocated per request");
    }
}
