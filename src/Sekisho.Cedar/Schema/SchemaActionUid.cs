namespace Sekisho.Cedar.Schema;

/// <summary>An action's entity uid: its fully qualified type (<c>Action</c> or <c>NS::Action</c>) and id.</summary>
public readonly record struct SchemaActionUid(string Type, string Id)
{
    public override string ToString() => $"{Type}::\"{Escape(Id)}\"";

    private static string Escape(string id)
    {
        var sb = new System.Text.StringBuilder(id.Length);
        foreach (var c in id)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
