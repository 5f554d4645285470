using System.Text;
using System.Text.Json.Nodes;
using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Tests.Aws;

/// <summary>
/// Sekisho's AWS protocol codecs against botocore, the library inside the AWS CLI: requests that botocore
/// serializes must read back as the parameters it was given, and responses Sekisho writes must parse in
/// botocore as the result Sekisho meant.
/// </summary>
public sealed class BotocoreInteropTests
{
    private static readonly (string Service, string Operation, string Params)[] Requests =
    [
        ("iam", "CreateUser", """{"UserName":"alice","Path":"/eng/","PermissionsBoundary":"arn:aws:iam::111122223333:policy/B","Tags":[{"Key":"Project","Value":"Blue + Green: 1/2"},{"Key":"SSMSessionRunAs","Value":"os-user1"}]}"""),
        ("iam", "CreateUser", """{"UserName":"bob","Tags":[]}"""),
        ("iam", "PutUserPolicy", """{"UserName":"alice","PolicyName":"p+1","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/${aws:username}/*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/x\":\"a=b&c ü\"}}}]}"}"""),
        ("iam", "ListUsers", """{"MaxItems":10,"Marker":"bWFya2Vy","PathPrefix":"/"}"""),
        ("iam", "SimulateCustomPolicy", """{"PolicyInputList":["{}"],"ActionNames":["ssm:StartSession","iam:ListUsers"],"ResourceArns":["*"],"ContextEntries":[{"ContextKeyName":"aws:MultiFactorAuthPresent","ContextKeyValues":["true"],"ContextKeyType":"boolean"}]}"""),
        ("sts", "AssumeRole", """{"RoleArn":"arn:aws:iam::111122223333:role/Ops","RoleSessionName":"s1","DurationSeconds":3600,"PolicyArns":[{"arn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}],"Tags":[{"Key":"a","Value":"b"}],"TransitiveTagKeys":["a"],"ExternalId":"ext","SerialNumber":"arn:aws:iam::111122223333:mfa/alice","TokenCode":"123456","SourceIdentity":"alice"}"""),
        ("ssm", "StartSession", """{"Target":"mi-0123456789abcdef0","DocumentName":"AWS-StartPortForwardingSession","Parameters":{"portNumber":["80"],"localPortNumber":["18080"]},"Reason":"debug"}"""),
        ("ssm", "DescribeInstanceInformation", """{"Filters":[{"Key":"tag:Project","Values":["Test Project 1"]}],"MaxResults":50}"""),
    ];

    [Fact]
    public async Task Requests_serialized_by_botocore_read_back_as_the_parameters_given()
    {
        var cases = new JsonArray();
        foreach (var (service, operation, parameters) in Requests)
            cases.Add(new JsonObject { ["service"] = service, ["operation"] = operation, ["serialize"] = JsonNode.Parse(parameters) });
        var bodies = await BotocorePeer.RunAsync(cases);
        for (var i = 0; i < Requests.Length; i++)
        {
            var (service, operation, parameters) = Requests[i];
            var model = AwsServiceModel.Load(service);
            var body = Encoding.UTF8.GetBytes(bodies[i]!.GetValue<string>());
            AwsInput input;
            if (model.Protocol == "query")
            {
                var form = FormUrlEncoded.Parse(body, out var error);
                Assert.True(form is not null, error);
                input = new QueryRequestReader(model).Read(form!);
            }
            else
            {
                input = new JsonRequestReader(model).Read($"{model.TargetPrefix}.{operation}", body);
            }
            Assert.True(input.Error is null, $"{operation}: {input.Error}");
            Assert.Equal(operation, input.Operation!.Name);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(parameters), input.Members),
                $"{operation}: expected {parameters}, read {input.Members!.ToJsonString()}");
        }
    }

    private static readonly (string Service, string Operation, string Result)[] Responses =
    [
        ("iam", "CreateUser", """{"User":{"Path":"/","UserName":"alice","UserId":"AIDAEXAMPLEEXAMPLE123","Arn":"arn:aws:iam::111122223333:user/alice","CreateDate":"2026-11-21T09:30:00Z","Tags":[{"Key":"Project","Value":"<Blue & \"Green\">"}],"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::111122223333:policy/B"}}}"""),
        ("iam", "ListUsers", """{"Users":[{"Path":"/","UserName":"a","UserId":"AIDA1","Arn":"arn:aws:iam::111122223333:user/a","CreateDate":"2026-01-01T00:00:00Z"},{"Path":"/x/","UserName":"b","UserId":"AIDA2","Arn":"arn:aws:iam::111122223333:user/x/b","CreateDate":"2026-01-02T00:00:00Z"}],"IsTruncated":true,"Marker":"bmV4dA=="}"""),
        ("iam", "GetAccountSummary", """{"SummaryMap":{"Users":3,"Groups":1,"AccountMFAEnabled":0}}"""),
        ("iam", "ListUsers", """{"Users":[],"IsTruncated":false}"""),
        ("sts", "AssumeRole", """{"Credentials":{"AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"s3cr3t","SessionToken":"tok","Expiration":"2026-11-21T10:30:00Z"},"AssumedRoleUser":{"AssumedRoleId":"AROAEXAMPLE:s1","Arn":"arn:aws:sts::111122223333:assumed-role/Ops/s1"},"PackedPolicySize":6,"SourceIdentity":"alice"}"""),
        ("sts", "GetCallerIdentity", """{"UserId":"AIDAEXAMPLE","Account":"111122223333","Arn":"arn:aws:iam::111122223333:user/alice"}"""),
        ("ssm", "DescribeInstanceInformation", """{"InstanceInformationList":[{"InstanceId":"mi-0123456789abcdef0","PingStatus":"Online","LastPingDateTime":"2026-11-21T09:29:59Z","PlatformType":"Linux","IPAddress":"10.0.0.5"}],"NextToken":"t"}"""),
    ];

    [Fact]
    public async Task Responses_written_by_sekisho_parse_in_botocore_as_the_result_meant()
    {
        var cases = new JsonArray();
        foreach (var (service, operation, result) in Responses)
        {
            var model = AwsServiceModel.Load(service);
            Assert.True(model.TryGetOperation(operation, out var op));
            var body = model.Protocol == "query"
                ? new QueryResponseWriter(model).Write(op, (JsonObject)JsonNode.Parse(result)!, "req-1")
                : new JsonResponseWriter(model).Write(op, (JsonObject)JsonNode.Parse(result)!);
            cases.Add(new JsonObject { ["service"] = service, ["operation"] = operation, ["parse"] = body });
        }
        var parsed = await BotocorePeer.RunAsync(cases);
        for (var i = 0; i < Responses.Length; i++)
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Responses[i].Result), parsed[i]),
                $"{Responses[i].Operation}: wrote {Responses[i].Result}, botocore read {parsed[i]!.ToJsonString()}");
    }

    [Fact]
    public async Task Errors_parse_in_botocore_with_their_code_and_message()
    {
        var iam = AwsServiceModel.Load("iam");
        var error = new AwsError("AccessDenied", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:ListUsers", 403);
        var cases = new JsonArray
        {
            new JsonObject { ["service"] = "iam", ["operation"] = "ListUsers", ["status"] = 403, ["parse"] = new QueryResponseWriter(iam).WriteError(error, "req-2") },
            new JsonObject { ["service"] = "ssm", ["operation"] = "StartSession", ["status"] = 400,
                ["parse"] = JsonResponseWriter.WriteError(error with { Code = "AccessDeniedException" }) },
        };
        var parsed = await BotocorePeer.RunAsync(cases);
        Assert.Equal("AccessDenied", parsed[0]!["Error"]!["Code"]!.GetValue<string>());
        Assert.Equal(error.Message, parsed[0]!["Error"]!["Message"]!.GetValue<string>());
        Assert.Equal("Sender", parsed[0]!["Error"]!["Type"]!.GetValue<string>());
        Assert.Equal("AccessDeniedException", parsed[1]!["Error"]!["Code"]!.GetValue<string>());
        Assert.Equal(error.Message, parsed[1]!["Error"]!["Message"]!.GetValue<string>());
    }
}
