using Sekisho.Cli.Sessions;

namespace Sekisho.Cli.Tests.Sessions;

public sealed class SessionParametersTests
{
    private static Dictionary<string, string[]> Parse(params string[] texts) =>
        SessionParameters.Parse(texts).ToDictionary(p => p.Key, p => p.Value.ToArray());

    [Fact]
    public void Shorthand_pairs_give_one_value_each()
    {
        var p = Parse("portNumber=80,localPortNumber=8080");
        Assert.Equal(["80"], p["portNumber"]);
        Assert.Equal(["8080"], p["localPortNumber"]);
    }

    [Fact]
    public void Shorthand_segments_without_a_name_and_brackets_add_values()
    {
        Assert.Equal(["whoami", "id -u"], Parse("commands=whoami,id -u")["commands"]);
        var p = Parse("commands=[ls, pwd],x=1");
        Assert.Equal(["ls", "pwd"], p["commands"]);
        Assert.Equal(["1"], p["x"]);
    }

    [Fact]
    public void Json_form_takes_strings_and_lists()
    {
        var p = Parse("""{"commands":["whoami","echo a,b=c"],"host":"db.internal"}""");
        Assert.Equal(["whoami", "echo a,b=c"], p["commands"]);
        Assert.Equal(["db.internal"], p["host"]);
    }

    [Fact]
    public void Repeated_options_merge()
    {
        Assert.Equal(["a", "b"], Parse("k=a", """{"k":["b"]}""")["k"]);
    }

    [Theory]
    [InlineData("novalue", "expected name=value at character 1")]
    [InlineData("=x", "empty name before '=' at character 1")]
    [InlineData("a=[1,2", "has no closing ']'")]
    [InlineData("""{"commands": [1]}""", "commands[0] is Number, expected a string")]
    [InlineData("""{"commands": {}}""", "commands is Object, expected a list of strings")]
    [InlineData("""{"commands": ["x"]""", "--parameters: invalid JSON at line 1")]
    [InlineData("a=1]", "']' at character 4 of 'a=1]' has no opening")]
    public void Errors_say_what_and_where(string text, string expected)
    {
        Assert.Contains(expected, Assert.Throws<CliException>(() => SessionParameters.Parse([text])).Message);
    }
}
