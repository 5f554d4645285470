namespace Sekisho.Cedar.Formatting;

/// <summary>
/// Decides where each source comment is printed: before a policy, after its scope, after one of its
/// conditions, after its semicolon, or at the end of the file.
/// </summary>
internal sealed class CommentPlacement
{
    private readonly List<PolicyComments> _policies;

    private CommentPlacement(List<PolicyComments> policies, List<string> trailing)
    {
        _policies = policies;
        Trailing = trailing;
    }

    public List<string> Trailing { get; }

    public PolicyComments For(int index) => _policies[index];

    public static CommentPlacement Place(IReadOnlyList<SourceComment> comments, IReadOnlyList<Policy> policies)
    {
        var slots = policies.Select(p => PolicyComments.None(p.Conditions.Count)).ToList();
        var trailing = new List<string>();
        foreach (var c in comments)
        {
            var i = 0;
            while (i < policies.Count && policies[i].Span.End <= c.Offset) i++;
            if (i == policies.Count)
            {
                if (i > 0 && !c.OwnLine) slots[i - 1].AfterSemicolon.Add(c.Text);
                else trailing.Add(c.Text);
                continue;
            }
            var p = policies[i];
            if (c.Offset < p.Span.Start)
            {
                if (i > 0 && !c.OwnLine) slots[i - 1].AfterSemicolon.Add(c.Text);
                else slots[i].Leading.Add(c.Text);
                continue;
            }
            if (c.Offset < p.Principal.Span.Start)
            {
                slots[i].Leading.Add(c.Text);
                continue;
            }
            var k = -1;
            for (var j = 0; j < p.Conditions.Count; j++)
            {
                if (p.Conditions[j].Span.Start <= c.Offset) k = j;
            }
            if (k < 0) slots[i].AfterScope.Add(c.Text);
            else slots[i].AfterCondition[k].Add(c.Text);
        }
        return new CommentPlacement(slots, trailing);
    }

    internal sealed record PolicyComments(List<string> Leading, List<string> AfterScope, List<string>[] AfterCondition, List<string> AfterSemicolon)
    {
        public static PolicyComments None(int conditions)
        {
            var after = new List<string>[conditions];
            for (var i = 0; i < conditions; i++) after[i] = [];
            return new PolicyComments([], [], after, []);
        }
    }
}
