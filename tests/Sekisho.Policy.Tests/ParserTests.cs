namespace Sekisho.Policy.Tests;

public class ParserTests
{
    private static PolicyParseResult Parse(string json) => PolicyParser.Parse(json);

    private static Diagnostic SingleError(string json, string code)
    {
        var result = Parse(json);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count >= 1, $"expected error {code}, got none");
        var match = errors.FirstOrDefault(d => d.Code == code);
        Assert.True(match is not null, $"expected {code}, got: {string.Join("; ", errors)}");
        return match!;
    }

    [Fact]
    public void ParsesStatementArrayWithAllElementsAndPositions()
    {
        var json = """
            {
              "Version": "2012-10-17",
              "Id": "p1",
              "Statement": [
                {
                  "Sid": "One",
                  "Effect": "Deny",
                  "NotAction": ["iam:CreateVirtualMFADevice", "iam:ChangePassword"],
                  "Resource": "arn:aws:iam::*:mfa/${aws:username}",
                  "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": false},
                                "ForAnyValue:StringLike": {"aws:TagKeys": ["a*", 3]}}
                }
              ]
            }
            """;
        var result = Parse(json);
        Assert.Empty(result.Diagnostics);
        var doc = result.Document!;
        Assert.Equal(PolicyVersion.V2012_10_17, doc.Version);
        Assert.Equal("p1", doc.Id);
        var s = Assert.Single(doc.Statements);
        Assert.Equal("One", s.Sid);
        Assert.Equal(Effect.Deny, s.Effect);
        Assert.True(s.IsNotAction);
        Assert.Equal(new SourcePosition(5, 5), s.Position);
        Assert.Equal(new SourcePosition(2, 14), doc.VersionPosition);
        Assert.Equal(new SourcePosition(4, 3), doc.StatementElementPosition);
        Assert.Equal(new SourcePosition(6, 14), s.SidPosition);
        Assert.Equal(new SourcePosition(7, 17), s.EffectPosition);
        Assert.Equal(new SourcePosition(8, 7), s.ActionElementPosition);
        Assert.Equal(new SourcePosition(9, 7), s.ResourceElementPosition);
        Assert.Equal(2, s.Actions.Count);
        Assert.Equal(new SourcePosition(8, 21), s.Actions[0].Position);
        Assert.Equal(new SourcePosition(8, 51), s.Actions[1].Position);
        Assert.Equal(new SourcePosition(9, 19), s.Resources![0].Position);
        Assert.Equal(2, s.Conditions.Count);
        var boolCond = s.Conditions[0];
        Assert.Equal(ConditionOperator.Bool, boolCond.Operator);
        Assert.True(boolCond.IfExists);
        Assert.Equal(new SourcePosition(10, 21), boolCond.OperatorPosition);
        Assert.Equal(new SourcePosition(10, 38), boolCond.KeyPosition);
        Assert.Equal("false", boolCond.Values[0].Text);
        Assert.False(boolCond.Values[0].IsString);
        Assert.Equal(new SourcePosition(10, 68), boolCond.Values[0].Position);
        var like = s.Conditions[1];
        Assert.Equal(SetQualifier.ForAnyValue, like.Qualifier);
        Assert.Equal(ConditionOperator.StringLike, like.Operator);
        Assert.Equal(["a*", "3"], like.Values.Select(v => v.Text));
    }

    [Fact]
    public void SingleStatementObjectAndPrincipalForms()
    {
        var result = Parse("""
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}
            """);
        Assert.Empty(result.Diagnostics);
        var s = Assert.Single(result.Document!.Statements);
        Assert.Null(s.Resources);
        Assert.False(s.Principal!.IsWildcard);
        Assert.Equal(3, s.Principal.Values.Count);
        Assert.Equal(PrincipalKind.Service, s.Principal.Values[2].Kind);
        var star = Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}""");
        Assert.True(star.Document!.Statements[0].Principal!.IsWildcard);
    }

    [Fact]
    public void MissingVersionMeans2008AndVariablesThereAreErrors()
    {
        var result = Parse("""{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}}""");
        Assert.Equal(PolicyVersion.V2008_10_17, result.Document!.Version);
        Assert.False(result.Document.VersionWritten);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("VariableInOldVersion", d.Code);
        Assert.Equal(1, d.Line);
        Assert.Equal(59, d.Column);
    }

    [Fact]
    public void MalformedJsonHasLineAndColumn()
    {
        var d = SingleError("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ { \"Effect\": \"Allow\" ,, } ]\n}", "MalformedJson");
        Assert.Equal(3, d.Line);
        Assert.True(d.Column > 30, d.ToString());
        Assert.Null(Parse("{\"a\": ").Document);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":[],"Foo":1}""", "UnknownElement")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Bar":1}}""", "UnknownElement")]
    [InlineData("""{"Version":"2012-10-18","Statement":[]}""", "InvalidVersion")]
    [InlineData("""{"Version":"2012-10-17"}""", "MissingStatement")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Action":"s3:*","Resource":"*"}}""", "MissingEffect")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}""", "InvalidEffect")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}}""", "ConflictingElements")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}}""", "ConflictingElements")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}""", "MissingAction")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":5,"Resource":"*"}}""", "WrongType")]
    [InlineData("""{"Version":"2012-10-17","Statement":"x"}""", "WrongType")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{}]}""", "EmptyStatement")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a":"b"}}}}""", "InvalidConditionOperator")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"stringequals":{"a":"b"}}}}""", "InvalidConditionOperator")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"a":"true"}}}}""", "InvalidConditionOperator")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"ForSomeValues:StringEquals":{"a":"b"}}}}""", "InvalidSetQualifier")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a":null}}}}""", "WrongType")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3","Resource":"*"}}""", "InvalidAction")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}""", "InvalidResource")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"arn:aws:iam::1:root","Action":"s3:*","Resource":"*"}}""", "InvalidPrincipal")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Aws":"*"},"Action":"s3:*","Resource":"*"}}""", "UnknownElement")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", "DuplicateSid")]
    [InlineData("""[1]""", "WrongType")]
    [InlineData("", "MalformedJson")]
    public void ReportsGrammarErrors(string json, string code)
    {
        var d = SingleError(json, code);
        Assert.True(d.Line >= 1 && d.Column >= 1);
    }

    [Fact]
    public void ErrorPointsAtTheOffendingElement()
    {
        var d = SingleError("{\"Version\":\"2012-10-17\",\n\"Statement\":{\"Effect\":\"Allow\",\n  \"Actions\":\"s3:*\",\"Resource\":\"*\"}}", "UnknownElement");
        Assert.Equal(3, d.Line);
        Assert.Equal(3, d.Column);
    }

    [Fact]
    public void EmptyStatementArrayIsAccepted()
    {
        // The simulate contract's own example uses "Statement": [] for an SCP level that allows nothing.
        var result = Parse("""{"Version":"2012-10-17","Statement":[]}""");
        Assert.False(result.HasErrors);
        Assert.Empty(result.Document!.Statements);
    }
}
