namespace Sekisho.Policy.Catalog;

/// <summary>
/// Turns text holding <c>${...}</c> placeholders into a <see cref="Glob"/> pattern: catalogue ARN templates
/// (<c>arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}</c>), condition-key templates
/// (<c>aws:ResourceTag/${TagKey}</c>) and policy resources with variables (<c>user/${aws:username}</c>).
/// </summary>
public static class TemplatePattern
{
    /// <summary>
    /// Each <c>${...}</c> becomes <c>*</c>. The policy escapes <c>${*}</c>, <c>${?}</c> and <c>${$}</c> stand for one
    /// literal character; they become <c>?</c>, which matches at least what the literal does, so a check built on
    /// this pattern never warns about a resource that could match.
    /// </summary>
    public static string ToGlob(string template)
    {
        var start = template.IndexOf("${", StringComparison.Ordinal);
        if (start < 0) return template;
        var sb = new System.Text.StringBuilder(template.Length);
        var pos = 0;
        while (start >= 0)
        {
            var end = template.IndexOf('}', start + 2);
            if (end < 0) break;
            sb.Append(template, pos, start - pos);
            var inner = template.AsSpan(start + 2, end - start - 2);
            sb.Append(inner is "*" or "?" or "$" ? '?' : '*');
            pos = end + 1;
            start = template.IndexOf("${", pos, StringComparison.Ordinal);
        }
        sb.Append(template, pos, template.Length - pos);
        return sb.ToString();
    }
}
