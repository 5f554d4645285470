using System.Text;
using Sekisho.Protocol.Aws;

namespace Sekisho.Protocol.Tests.Aws;

/// <summary>Bad input to the query protocol gets AWS's codes and precise messages.</summary>
public sealed class QueryRequestReaderTests
{
    private static AwsInput Read(string body)
    {
        var form = FormUrlEncoded.Parse(Encoding.UTF8.GetBytes(body), out var error);
        Assert.True(form is not null, error);
        return new QueryRequestReader(AwsServiceModel.Load("iam")).Read(form!);
    }

    [Fact]
    public void A_name_too_long_and_against_the_pattern_gets_both_violations_in_one_message()
    {
        var input = Read("Action=CreateUser&Version=2010-05-08&UserName=" + new string('a', 65));
        Assert.Equal("ValidationError", input.Error?.Code);
        Assert.Equal("1 validation error detected: Value '" + new string('a', 65) +
                     "' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64", input.Error!.Message);

        var bad = Read("Action=CreateUser&Version=2010-05-08&UserName=a%2Fb");
        Assert.Equal("1 validation error detected: Value 'a/b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
            bad.Error!.Message);
    }

    [Theory]
    [InlineData("😀")] // two UTF-16 code units
    [InlineData("e\u0301")] // e and a combining accent: one character as people see it
    [InlineData("é")]
    public void Lengths_count_characters_as_people_see_them_not_code_units(string character)
    {
        string Create(int count) => "Action=CreatePolicy&Version=2010-05-08&PolicyName=p&PolicyDocument=%7B%7D&Description=" +
                                    Uri.EscapeDataString(string.Concat(Enumerable.Repeat(character, count)));
        Assert.Null(Read(Create(1000)).Error); // policyDescriptionType: at most 1000, no pattern
        Assert.EndsWith("at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000",
            Read(Create(1001)).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_member_is_named()
    {
        var input = Read("Action=CreateUser&Version=2010-05-08");
        Assert.Equal("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null", input.Error!.Message);
    }

    [Fact]
    public void Secrets_are_never_echoed_in_validation_messages()
    {
        var input = Read("Action=CreateLoginProfile&Version=2010-05-08&UserName=alice&Password=");
        Assert.Equal("ValidationError", input.Error?.Code);
        Assert.Contains("'***' at 'password'", input.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_and_unknown_operations_are_checked()
    {
        Assert.Contains("Value 'ten' at 'maxItems' failed to satisfy constraint: Member must be a whole number",
            Read("Action=ListUsers&Version=2010-05-08&MaxItems=ten").Error!.Message, StringComparison.Ordinal);
        Assert.Contains("Member must have value greater than or equal to 1",
            Read("Action=ListUsers&Version=2010-05-08&MaxItems=0").Error!.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidAction", Read("Action=MakeCoffee&Version=2010-05-08").Error?.Code);
        Assert.Equal("MissingAction", Read("Version=2010-05-08").Error?.Code);
    }

    [Fact]
    public void Malformed_percent_encoding_is_refused_with_its_position()
    {
        Assert.Null(FormUrlEncoded.Parse("Action=ListUsers&Marker=%zz"u8, out var error));
        Assert.Equal("malformed percent-encoding in parameter 2 of the request body", error);
        Assert.Null(FormUrlEncoded.Parse("A=%C3%28"u8, out _)); // invalid UTF-8
    }
}
