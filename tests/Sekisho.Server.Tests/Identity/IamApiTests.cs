using System.Xml.Linq;
using Sekisho.Protocol.Aws;
using Sekisho.Protocol.Mfa;
using Sekisho.Server.Api.Iam;

namespace Sekisho.Server.Tests.Identity;

/// <summary>The IAM query front end to end in-process: form fields in, AWS XML out.</summary>
public sealed class IamApiTests : IdentityFixture
{
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";
    private readonly IamCaller _admin = new(Account, "arn:aws:iam::111122223333:user/admin", "admin");
    private readonly List<(string Action, string Resource)> _authorized = [];

    private Task<AwsError?> AllowAll(IamCaller caller, IamOperation op, string resource, CancellationToken ct)
    {
        _authorized.Add((op.Action, resource));
        return Task.FromResult<AwsError?>(null);
    }

    private async Task<(int Status, XElement Xml)> CallAsync(string action, params (string Key, string Value)[] fields) =>
        await CallAsAsync(_admin, action, fields);

    private async Task<(int Status, XElement Xml)> CallAsAsync(IamCaller caller, string action, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal) { ["Action"] = action, ["Version"] = "2010-05-08" };
        foreach (var (k, v) in fields) form[k] = v;
        var response = await Front.HandleAsync(form, caller, AllowAll, "req-1");
        return (response.Status, XElement.Parse(response.Body));
    }

    private static string? Value(XElement xml, params string[] path)
    {
        XElement? e = xml;
        foreach (var p in path) e = e?.Element(Ns + p);
        return e?.Value;
    }

    private static string ErrorCode(XElement xml) => xml.Element(Ns + "Error")!.Element(Ns + "Code")!.Value;

    [Fact]
    public async Task Every_operation_of_the_brief_is_in_the_table_with_its_iam_action()
    {
        string[] expected =
        [
            "CreateUser", "GetUser", "ListUsers", "UpdateUser", "DeleteUser", "CreateGroup", "GetGroup", "ListGroups", "DeleteGroup",
            "AddUserToGroup", "RemoveUserFromGroup", "ListGroupsForUser", "CreateRole", "GetRole", "ListRoles", "DeleteRole", "UpdateRole",
            "UpdateAssumeRolePolicy", "CreatePolicy", "GetPolicy", "ListPolicies", "DeletePolicy", "CreatePolicyVersion", "GetPolicyVersion",
            "ListPolicyVersions", "DeletePolicyVersion", "SetDefaultPolicyVersion", "AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy",
            "DetachUserPolicy", "DetachGroupPolicy", "DetachRolePolicy", "ListAttachedUserPolicies", "ListAttachedGroupPolicies",
            "ListAttachedRolePolicies", "PutUserPolicy", "GetUserPolicy", "DeleteUserPolicy", "ListUserPolicies", "PutGroupPolicy",
            "GetGroupPolicy", "DeleteGroupPolicy", "ListGroupPolicies", "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies",
            "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary", "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
            "TagUser", "UntagUser", "ListUserTags", "TagRole", "UntagRole", "ListRoleTags", "TagPolicy", "UntagPolicy", "ListPolicyTags",
            "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed", "CreateLoginProfile",
            "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword", "CreateVirtualMFADevice", "EnableMFADevice",
            "ResyncMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ListMFADevices", "ListVirtualMFADevices",
            "GetAccountAuthorizationDetails", "SimulatePrincipalPolicy", "SimulateCustomPolicy",
        ];
        foreach (var name in expected)
        {
            Assert.True(Api.Operations.TryGetValue(name, out var op), name);
            Assert.Equal("iam:" + name, op.Action);
        }
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Users_round_trip_through_the_query_protocol_and_GetUser_without_a_name_is_the_caller()
    {
        var (status, xml) = await CallAsync("CreateUser", ("UserName", "alice"), ("Path", "/eng/"), ("Tags.member.1.Key", "Project"), ("Tags.member.1.Value", "Blue"));
        Assert.Equal(200, status);
        Assert.Equal("arn:aws:iam::111122223333:user/eng/alice", Value(xml, "CreateUserResult", "User", "Arn"));
        Assert.Equal(("iam:CreateUser", "arn:aws:iam::111122223333:user/eng/alice"), _authorized[^1]);
        (status, xml) = await CallAsync("CreateUser", ("UserName", "ALICE"));
        Assert.Equal(409, status);
        Assert.Equal("EntityAlreadyExists", ErrorCode(xml));
        (status, xml) = await CallAsync("CreateUser", ("UserName", "bad name!"));
        Assert.Equal(400, status);
        Assert.Equal("ValidationError", ErrorCode(xml));

        await CallAsync("CreateUser", ("UserName", "admin"));
        (status, xml) = await CallAsync("GetUser");
        Assert.Equal(200, status);
        Assert.Equal("admin", Value(xml, "GetUserResult", "User", "UserName"));
        (_, xml) = await CallAsync("GetUser", ("UserName", "alice"));
        Assert.Equal("Blue", xml.Descendants(Ns + "Tags").Single().Element(Ns + "member")!.Element(Ns + "Value")!.Value);
        (status, xml) = await CallAsync("GetUser", ("UserName", "nobody"));
        Assert.Equal(404, status);
        Assert.Equal("NoSuchEntity", ErrorCode(xml));

        (_, xml) = await CallAsync("ListUsers", ("MaxItems", "1"));
        Assert.Equal("true", Value(xml, "ListUsersResult", "IsTruncated"));
        var marker = Value(xml, "ListUsersResult", "Marker")!;
        (_, xml) = await CallAsync("ListUsers", ("MaxItems", "1"), ("Marker", marker));
        Assert.Equal("alice", Value(xml, "ListUsersResult", "Users", "member", "UserName"));
        Assert.Equal("false", Value(xml, "ListUsersResult", "IsTruncated"));
    }

    [Fact]
    public async Task Policy_documents_go_in_plain_and_come_back_url_encoded()
    {
        const string doc = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}""";
        await CallAsync("CreateUser", ("UserName", "bob"));
        var (status, _) = await CallAsync("PutUserPolicy", ("UserName", "bob"), ("PolicyName", "list"), ("PolicyDocument", doc));
        Assert.Equal(200, status);
        var (_, xml) = await CallAsync("GetUserPolicy", ("UserName", "bob"), ("PolicyName", "list"));
        var encoded = Value(xml, "GetUserPolicyResult", "PolicyDocument")!;
        Assert.Equal(Uri.EscapeDataString(doc), encoded);
        Assert.Equal(doc, Uri.UnescapeDataString(encoded));
        (status, xml) = await CallAsync("PutUserPolicy", ("UserName", "bob"), ("PolicyName", "x"), ("PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\"}]}"));
        Assert.Equal(400, status);
        Assert.Equal("MalformedPolicyDocument", ErrorCode(xml));
        Assert.Contains("line 1, column", xml.Descendants(Ns + "Message").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managed_policies_list_by_scope_and_attachment()
    {
        var (_, xml) = await CallAsync("ListPolicies", ("Scope", "AWS"), ("MaxItems", "1000"));
        var names = xml.Descendants(Ns + "PolicyName").Select(e => e.Value).ToList();
        foreach (var n in new[] { "AdministratorAccess", "IAMSelfManageServiceSpecificCredentials", "IAMUserChangePassword", "ReadOnlyAccess",
                     "AmazonSSMManagedInstanceCore", "AmazonSSMFullAccess", "PowerUserAccess" })
            Assert.Contains(n, names);
        (_, xml) = await CallAsync("ListPolicies", ("OnlyAttached", "true"));
        Assert.Empty(xml.Descendants(Ns + "PolicyName"));
        await CallAsync("CreateGroup", ("GroupName", "humans"));
        await CallAsync("AttachGroupPolicy", ("GroupName", "humans"), ("PolicyArn", "arn:aws:iam::aws:policy/IAMUserChangePassword"));
        (_, xml) = await CallAsync("ListPolicies", ("OnlyAttached", "true"));
        Assert.Equal(["IAMUserChangePassword"], xml.Descendants(Ns + "PolicyName").Select(e => e.Value));
        (_, xml) = await CallAsync("GetPolicyVersion", ("PolicyArn", "arn:aws:iam::aws:policy/IAMUserChangePassword"), ("VersionId", "v2"));
        Assert.Contains("iam:ChangePassword", Uri.UnescapeDataString(Value(xml, "GetPolicyVersionResult", "PolicyVersion", "Document")!), StringComparison.Ordinal);
        var (status, err) = await CallAsync("AttachGroupPolicy", ("GroupName", "humans"), ("PolicyArn", "arn:aws:iam::111122223333:policy/missing"));
        Assert.Equal(404, status);
        Assert.Equal("NoSuchEntity", ErrorCode(err));
        (_, xml) = await CallAsync("ListAttachedGroupPolicies", ("GroupName", "humans"));
        Assert.Equal("arn:aws:iam::aws:policy/IAMUserChangePassword", Value(xml, "ListAttachedGroupPoliciesResult", "AttachedPolicies", "member", "PolicyArn"));
    }

    [Fact]
    public async Task Keys_and_mfa_declare_the_resources_the_authorization_path_checks()
    {
        await CallAsync("CreateUser", ("UserName", "carol"), ("Path", "/people/"));
        var carol = new IamCaller(Account, "arn:aws:iam::111122223333:user/people/carol", "carol");
        var (status, xml) = await CallAsAsync(carol, "CreateAccessKey");
        Assert.Equal(200, status);
        Assert.Equal(("iam:CreateAccessKey", "arn:aws:iam::111122223333:user/people/carol"), _authorized[^1]);
        Assert.Equal(40, Value(xml, "CreateAccessKeyResult", "AccessKey", "SecretAccessKey")!.Length);
        var keyId = Value(xml, "CreateAccessKeyResult", "AccessKey", "AccessKeyId")!;
        (_, xml) = await CallAsAsync(carol, "GetAccessKeyLastUsed", ("AccessKeyId", keyId));
        Assert.Equal("N/A", Value(xml, "GetAccessKeyLastUsedResult", "AccessKeyLastUsed", "ServiceName"));
        Assert.Equal("arn:aws:iam::111122223333:user/people/carol", _authorized[^1].Resource);

        (status, xml) = await CallAsAsync(carol, "CreateVirtualMFADevice", ("VirtualMFADeviceName", "carol"));
        Assert.Equal(200, status);
        Assert.Equal(("iam:CreateVirtualMFADevice", "arn:aws:iam::111122223333:mfa/carol"), _authorized[^1]);
        var serial = Value(xml, "CreateVirtualMFADeviceResult", "VirtualMFADevice", "SerialNumber")!;
        var base32 = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(Value(xml, "CreateVirtualMFADeviceResult", "VirtualMFADevice", "Base32StringSeed")!));
        var seed = Base32.Decode(base32)!;
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        (status, xml) = await CallAsAsync(carol, "EnableMFADevice", ("UserName", "carol"), ("SerialNumber", serial),
            ("AuthenticationCode1", "000000"), ("AuthenticationCode2", "000001"));
        Assert.Equal(403, status);
        Assert.Equal("InvalidAuthenticationCode", ErrorCode(xml));
        (status, _) = await CallAsAsync(carol, "EnableMFADevice", ("UserName", "carol"), ("SerialNumber", serial),
            ("AuthenticationCode1", Totp.Compute(seed, now - 30)), ("AuthenticationCode2", Totp.Compute(seed, now)));
        Assert.Equal(200, status);
        (_, xml) = await CallAsAsync(carol, "ListMFADevices");
        Assert.Equal(serial, Value(xml, "ListMFADevicesResult", "MFADevices", "member", "SerialNumber"));
        (_, xml) = await CallAsync("ListVirtualMFADevices", ("AssignmentStatus", "Assigned"));
        Assert.Equal("carol", Value(xml, "ListVirtualMFADevicesResult", "VirtualMFADevices", "member", "User", "UserName"));

        await CallAsync("CreateUser", ("UserName", "dave"));
        for (var i = 0; i < 2; i++) await CallAsync("CreateAccessKey", ("UserName", "dave"));
        (status, xml) = await CallAsync("CreateAccessKey", ("UserName", "dave"));
        Assert.Equal(409, status);
        Assert.Equal("LimitExceeded", ErrorCode(xml));
        (status, xml) = await CallAsync("DeleteUser", ("UserName", "dave"));
        Assert.Equal(409, status);
        Assert.Equal("DeleteConflict", ErrorCode(xml));
    }

    [Fact]
    public async Task Roles_keep_their_trust_policy_and_session_duration_limits()
    {
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/ops"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""";
        var (status, xml) = await CallAsync("CreateRole", ("RoleName", "project-1"), ("AssumeRolePolicyDocument", trust), ("MaxSessionDuration", "7200"),
            ("Tags.member.1.Key", "SSMSessionRunAs"), ("Tags.member.1.Value", "os-user1"));
        Assert.Equal(200, status);
        Assert.Equal(trust, Uri.UnescapeDataString(Value(xml, "CreateRoleResult", "Role", "AssumeRolePolicyDocument")!));
        (status, xml) = await CallAsync("UpdateRole", ("RoleName", "project-1"), ("MaxSessionDuration", "100000"));
        Assert.Equal(400, status);
        Assert.Equal("ValidationError", ErrorCode(xml));
        (status, _) = await CallAsync("UpdateRole", ("RoleName", "project-1"), ("MaxSessionDuration", "43200"));
        Assert.Equal(200, status);
        (_, xml) = await CallAsync("GetRole", ("RoleName", "project-1"));
        Assert.Equal("43200", Value(xml, "GetRoleResult", "Role", "MaxSessionDuration"));
        (_, xml) = await CallAsync("ListRoleTags", ("RoleName", "project-1"));
        Assert.Equal("os-user1", Value(xml, "ListRoleTagsResult", "Tags", "member", "Value"));
        (status, xml) = await CallAsync("UpdateAssumeRolePolicy", ("RoleName", "project-1"),
            ("PolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"""));
        Assert.Equal(400, status);
        Assert.Equal("MalformedPolicyDocument", ErrorCode(xml));
    }

    [Fact]
    public async Task Simulation_reports_allowed_explicit_and_implicit_denies_with_matched_statements()
    {
        await CallAsync("CreateUser", ("UserName", "erin"));
        await CallAsync("PutUserPolicy", ("UserName", "erin"), ("PolicyName", "p"), ("PolicyDocument",
            """{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"iam:Get*","Resource":"*"},{"Sid":"NoKeys","Effect":"Deny","Action":"iam:GetAccessKeyLastUsed","Resource":"*"}]}"""));
        var (status, xml) = await CallAsync("SimulatePrincipalPolicy", ("PolicySourceArn", "arn:aws:iam::111122223333:user/erin"),
            ("ActionNames.member.1", "iam:GetUser"), ("ActionNames.member.2", "iam:GetAccessKeyLastUsed"), ("ActionNames.member.3", "iam:CreateUser"));
        Assert.Equal(200, status);
        var results = xml.Descendants(Ns + "EvaluationResults").Single().Elements(Ns + "member").ToList();
        Assert.Equal(["allowed", "explicitDeny", "implicitDeny"], results.Select(r => r.Element(Ns + "EvalDecision")!.Value));
        Assert.Equal("user/erin/p", results[0].Descendants(Ns + "SourcePolicyId").Single().Value);
        Assert.Equal("user", results[0].Descendants(Ns + "SourcePolicyType").Single().Value);
        Assert.Empty(results[2].Descendants(Ns + "SourcePolicyId"));

        (_, xml) = await CallAsync("SimulateCustomPolicy",
            ("PolicyInputList.member.1", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/Project":"Blue"}}}]}"""),
            ("ActionNames.member.1", "ssm:StartSession"),
            ("ContextEntries.member.1.ContextKeyName", "aws:PrincipalTag/Project"), ("ContextEntries.member.1.ContextKeyValues.member.1", "Blue"),
            ("ContextEntries.member.1.ContextKeyType", "string"));
        Assert.Equal("allowed", xml.Descendants(Ns + "EvalDecision").Single().Value);
    }

    [Fact]
    public async Task Account_authorization_details_list_every_entity_with_its_policies()
    {
        await CallAsync("CreateUser", ("UserName", "frank"));
        await CallAsync("CreateGroup", ("GroupName", "g"));
        await CallAsync("AddUserToGroup", ("GroupName", "g"), ("UserName", "frank"));
        await CallAsync("AttachUserPolicy", ("UserName", "frank"), ("PolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
        await CallAsync("CreatePolicy", ("PolicyName", "mine"), ("PolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}"""));
        var (status, xml) = await CallAsync("GetAccountAuthorizationDetails");
        Assert.Equal(200, status);
        var user = xml.Descendants(Ns + "UserDetailList").Single().Element(Ns + "member")!;
        Assert.Equal("g", user.Element(Ns + "GroupList")!.Element(Ns + "member")!.Value);
        Assert.Equal("ReadOnlyAccess", user.Descendants(Ns + "PolicyName").Single().Value);
        var policies = xml.Descendants(Ns + "Policies").Single().Elements(Ns + "member").Select(m => m.Element(Ns + "PolicyName")!.Value).ToList();
        Assert.Equal(["ReadOnlyAccess", "mine"], policies.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_actions_and_denials_from_the_authorization_path_are_AWS_errors()
    {
        var form = new Dictionary<string, string> { ["Action"] = "CreateUser", ["Version"] = "2010-05-08", ["UserName"] = "gina" };
        var denied = await Front.HandleAsync(form, _admin,
            (c, op, resource, ct) => Task.FromResult<AwsError?>(new AwsError("AccessDenied", $"User: {c.Arn} is not authorized to perform: {op.Action} on resource: {resource}", 403)),
            "req-2");
        Assert.Equal(403, denied.Status);
        Assert.Contains("iam:CreateUser on resource: arn:aws:iam::111122223333:user/gina", denied.Body, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Sekisho.Server.Identity.IamException>(() => Identity.GetUserAsync(Account, "gina"));
        form["Action"] = "NoSuchOperation";
        var unknown = await Front.HandleAsync(form, _admin, AllowAll, "req-3");
        Assert.Equal(400, unknown.Status);
        Assert.Contains("InvalidAction", unknown.Body, StringComparison.Ordinal);
    }
}
