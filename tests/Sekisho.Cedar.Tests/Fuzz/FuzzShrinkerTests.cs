namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>The shrinker reduces a failing case to what the failure needs, and the generator is deterministic.</summary>
public sealed class FuzzShrinkerTests
{
    [Fact]
    public void ShrinksToOneRequestOnePolicyAndASmallCondition()
    {
        // Stand-in for "the engines disagree": the policy text still uses getTag or hasTag.
        static bool UsesTags(FuzzCase c) => c.PolicyText().Contains("Tag(", StringComparison.Ordinal);
        var generator = new FuzzGenerator(12345);
        FuzzCase? c = null;
        for (var i = 0; i < 200 && c is null; i++)
        {
            var candidate = generator.NextCase(withSchema: false, requestCount: 5);
            if (UsesTags(candidate) && candidate.Statics.Length + candidate.Templates.Length > 1) c = candidate;
        }
        Assert.NotNull(c);
        var small = FuzzShrinker.Shrink(c, 2, UsesTags);
        Assert.True(UsesTags(small));
        Assert.Single(small.Requests);
        Assert.Equal(1, small.Statics.Length + small.Templates.Length);
        Assert.Empty(small.Entities);
        Assert.Empty(small.Links);
        var policy = small.Statics.Length == 1 ? small.Statics[0] : small.Templates[0];
        Assert.Single(policy.Conditions);
        // Nothing but the tag call and its operands is left.
        Assert.True(policy.Conditions[0].Body.Size <= 3, policy.Conditions[0].Body.ToString());
    }

    [Fact]
    public void TheSameSeedGivesTheSameCases()
    {
        var a = new FuzzGenerator(42);
        var b = new FuzzGenerator(42);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(a.NextCase(i % 2 == 0, 3).ToRunnerLine(), b.NextCase(i % 2 == 0, 3).ToRunnerLine());
        }
    }
}
