namespace Sekisho.Cedar.Schema;

/// <summary>
/// Recursive-descent parser for the human-readable <c>.cedarschema</c> format. It produces raw declarations;
/// names are resolved afterwards by <see cref="SchemaResolver"/> so both formats share one set of rules.
/// Annotations are checked for shape and duplicates, then dropped: nothing downstream uses them.
/// </summary>
internal sealed class CedarSchemaParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar",
    };

    private readonly List<SchemaToken> _tokens;
    private int _pos;

    private CedarSchemaParser(List<SchemaToken> tokens) => _tokens = tokens;

    public static IReadOnlyList<RawNamespace> Parse(string text) => new CedarSchemaParser(SchemaLexer.Tokenize(text)).ParseSchema();

    private SchemaToken Peek => _tokens[_pos];

    private SchemaToken PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private SchemaToken Next() => _tokens[_pos++];

    private SchemaException Unexpected(string expected) =>
        new($"unexpected {Peek.Describe()}, expected {expected}", Peek.Line, Peek.Column);

    private SchemaToken Expect(string punct)
    {
        if (!Peek.Is(punct)) throw Unexpected($"`{punct}`");
        return Next();
    }

    private bool Accept(string punct)
    {
        if (!Peek.Is(punct)) return false;
        _pos++;
        return true;
    }

    private List<RawNamespace> ParseSchema()
    {
        var result = new List<RawNamespace>();
        RawNamespace? global = null;
        var named = new Dictionary<string, RawNamespace>(StringComparer.Ordinal);
        while (Peek.Kind != SchemaTokenKind.End)
        {
            SkipAnnotations();
            if (Peek.IsWord("namespace"))
            {
                var start = Next();
                var path = ParsePath(out _);
                if (named.ContainsKey(path)) throw new SchemaException($"duplicate namespace `{path}`", start.Line, start.Column);
                var ns = new RawNamespace(path, start.Spot);
                named[path] = ns;
                result.Add(ns);
                Expect("{");
                while (!Peek.Is("}"))
                {
                    if (Peek.Kind == SchemaTokenKind.End) throw Unexpected("a declaration or `}`");
                    SkipAnnotations();
                    if (Peek.IsWord("namespace"))
                    {
                        throw new SchemaException("namespaces cannot be nested", Peek.Line, Peek.Column);
                    }
                    ParseDeclaration(ns);
                }
                Next();
            }
            else
            {
                if (global is null)
                {
                    global = new RawNamespace("", Peek.Spot);
                    result.Add(global);
                }
                ParseDeclaration(global);
            }
        }
        return result;
    }

    private void SkipAnnotations()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Peek.Is("@"))
        {
            Next();
            var key = Peek;
            if (key.Kind != SchemaTokenKind.Identifier) throw Unexpected("an annotation name");
            Next();
            if (!seen.Add(key.Text)) throw new SchemaException($"duplicate annotation `@{key.Text}`", key.Line, key.Column);
            if (Accept("("))
            {
                if (Peek.Kind != SchemaTokenKind.String) throw Unexpected("a string literal");
                Next();
                Expect(")");
            }
        }
    }

    private void ParseDeclaration(RawNamespace ns)
    {
        if (Peek.IsWord("entity")) ParseEntity(ns);
        else if (Peek.IsWord("action")) ParseAction(ns);
        else if (Peek.IsWord("type")) ParseCommonType(ns);
        else throw Unexpected("`entity`, `action`, `type` or `namespace`");
    }

    private string ParseIdent(string what)
    {
        var token = Peek;
        if (token.Kind != SchemaTokenKind.Identifier) throw Unexpected(what);
        if (Reserved.Contains(token.Text)) throw new SchemaException($"`{token.Text}` is a reserved identifier and cannot be used as {what}", token.Line, token.Column);
        Next();
        return token.Text;
    }

    private string ParsePath(out SourceSpot spot)
    {
        spot = Peek.Spot;
        // `__cedar` is reserved everywhere except as the first segment of a builtin type's path.
        var path = Peek.IsWord("__cedar") && PeekAt(1).Is("::") ? Next().Text : ParseIdent("a name");
        while (Peek.Is("::") && PeekAt(1).Kind == SchemaTokenKind.Identifier)
        {
            Next();
            path += "::" + ParseIdent("a name");
        }
        return path;
    }

    private void ParseEntity(RawNamespace ns)
    {
        var start = Next();
        var names = new List<(string Name, SourceSpot Spot)>();
        do
        {
            var spot = Peek.Spot;
            names.Add((ParseIdent("an entity type name"), spot));
        }
        while (Accept(","));

        if (Peek.IsWord("enum"))
        {
            Next();
            Expect("[");
            var ids = new List<string>();
            do
            {
                if (Peek.Kind != SchemaTokenKind.String) throw Unexpected("a string literal");
                var id = Next();
                if (!ids.Contains(id.Text)) ids.Add(id.Text);
            }
            while (Accept(","));
            Expect("]");
            Expect(";");
            foreach (var (name, spot) in names)
            {
                ns.Entities.Add(new RawEntityDecl(name, [], null, null, ids, spot));
            }
            return;
        }

        var memberOf = new List<RawName>();
        if (Peek.IsWord("in"))
        {
            Next();
            memberOf.AddRange(ParseEntityTypeList());
        }
        RawType? shape = null;
        if (Peek.Is("=") || Peek.Is("{"))
        {
            Accept("=");
            var spot = Peek.Spot;
            Expect("{");
            shape = new RawType(RawTypeKind.Record, null, null, ParseAttributes(), spot);
        }
        RawType? tags = null;
        if (Peek.IsWord("tags"))
        {
            Next();
            tags = ParseType();
        }
        if (!Peek.Is(";")) throw Unexpected(shape is null ? "`in`, `{`, `tags` or `;`" : "`tags` or `;`");
        Next();
        _ = start;
        foreach (var (name, spot) in names)
        {
            ns.Entities.Add(new RawEntityDecl(name, memberOf, shape, tags, null, spot));
        }
    }

    private List<RawName> ParseEntityTypeList()
    {
        var result = new List<RawName>();
        if (Accept("["))
        {
            if (Accept("]")) return result;
            do
            {
                var path = ParsePath(out var spot);
                result.Add(new RawName(path, spot));
            }
            while (Accept(","));
            Expect("]");
            return result;
        }
        var single = ParsePath(out var singleSpot);
        result.Add(new RawName(single, singleSpot));
        return result;
    }

    /// <summary>Parses attribute declarations after the opening brace, through the closing brace.</summary>
    private List<RawAttribute> ParseAttributes()
    {
        var attributes = new List<RawAttribute>();
        while (!Peek.Is("}"))
        {
            SkipAnnotations();
            var spot = Peek.Spot;
            string name;
            if (Peek.Kind == SchemaTokenKind.String) name = Next().Text;
            else if (Peek.Kind == SchemaTokenKind.Identifier) name = ParseIdent("an attribute name");
            else throw Unexpected("an attribute name or `}`");
            if (attributes.Exists(a => a.Name == name)) throw new SchemaException($"duplicate attribute `{name}`", spot.Line, spot.Column);
            var required = !Accept("?");
            Expect(":");
            var type = ParseType();
            attributes.Add(new RawAttribute(name, type, required, spot));
            if (!Accept(",")) break;
        }
        Expect("}");
        return attributes;
    }

    private RawType ParseType()
    {
        var spot = Peek.Spot;
        if (Peek.IsWord("Set") && PeekAt(1).Is("<"))
        {
            Next();
            Next();
            var element = ParseType();
            Expect(">");
            return new RawType(RawTypeKind.Set, null, element, null, spot);
        }
        if (Accept("{"))
        {
            return new RawType(RawTypeKind.Record, null, null, ParseAttributes(), spot);
        }
        if (Peek.Kind != SchemaTokenKind.Identifier) throw Unexpected("a type");
        var path = ParsePath(out _);
        return new RawType(RawTypeKind.CommonOrEntity, path, null, null, spot);
    }

    private void ParseCommonType(RawNamespace ns)
    {
        Next();
        var spot = Peek.Spot;
        var name = ParseIdent("a common type name");
        Expect("=");
        var type = ParseType();
        Expect(";");
        ns.CommonTypes.Add(new RawCommonType(name, type, spot));
    }

    private string ParseName(string what)
    {
        if (Peek.Kind == SchemaTokenKind.String) return Next().Text;
        return ParseIdent(what);
    }

    private void ParseAction(RawNamespace ns)
    {
        Next();
        var names = new List<(string Name, SourceSpot Spot)>();
        do
        {
            var spot = Peek.Spot;
            names.Add((ParseName("an action name"), spot));
        }
        while (Accept(","));

        var parents = new List<RawActionRef>();
        if (Peek.IsWord("in"))
        {
            Next();
            if (Accept("["))
            {
                do
                {
                    parents.Add(ParseActionRef());
                }
                while (Accept(","));
                Expect("]");
            }
            else
            {
                parents.Add(ParseActionRef());
            }
        }

        List<RawName>? principals = null;
        List<RawName>? resources = null;
        RawType? context = null;
        if (Peek.IsWord("appliesTo"))
        {
            var appliesTo = Next();
            Expect("{");
            var any = false;
            while (!Peek.Is("}"))
            {
                var key = Peek;
                if (key.IsWord("principal") || key.IsWord("resource"))
                {
                    Next();
                    Expect(":");
                    var types = ParseEntityTypeList();
                    if (types.Count == 0)
                    {
                        throw new SchemaException($"for action `{names[0].Name}`, {key.Text} is declared with an empty list of types; omit it or list at least one entity type", key.Line, key.Column);
                    }
                    if (key.Text == "principal")
                    {
                        if (principals is not null) throw new SchemaException($"duplicate `principal` declaration in action `{names[0].Name}`", key.Line, key.Column);
                        principals = types;
                    }
                    else
                    {
                        if (resources is not null) throw new SchemaException($"duplicate `resource` declaration in action `{names[0].Name}`", key.Line, key.Column);
                        resources = types;
                    }
                }
                else if (key.IsWord("context"))
                {
                    Next();
                    Expect(":");
                    if (context is not null) throw new SchemaException($"duplicate `context` declaration in action `{names[0].Name}`", key.Line, key.Column);
                    context = ParseType();
                    if (context.Kind == RawTypeKind.Set) throw new SchemaException("context must be a record type or the name of one", context.Spot.Line, context.Spot.Column);
                }
                else
                {
                    throw Unexpected("`principal`, `resource`, `context` or `}`");
                }
                any = true;
                if (!Accept(",")) break;
            }
            Expect("}");
            if (!any) throw new SchemaException($"`appliesTo` of action `{names[0].Name}` is empty", appliesTo.Line, appliesTo.Column);
            if (principals is null) throw new SchemaException($"missing `principal` declaration in `appliesTo` of action `{names[0].Name}`", appliesTo.Line, appliesTo.Column);
            if (resources is null) throw new SchemaException($"missing `resource` declaration in `appliesTo` of action `{names[0].Name}`", appliesTo.Line, appliesTo.Column);
        }
        if (Peek.IsWord("attributes"))
        {
            Next();
            Expect("{");
            Expect("}");
        }
        if (!Peek.Is(";")) throw Unexpected("`in`, `appliesTo` or `;`");
        Next();
        foreach (var (name, spot) in names)
        {
            ns.Actions.Add(new RawActionDecl(name, parents, principals, resources, context, spot));
        }
    }

    private RawActionRef ParseActionRef()
    {
        var spot = Peek.Spot;
        if (Peek.Kind == SchemaTokenKind.String) return new RawActionRef(null, Next().Text, spot);
        var first = ParseIdent("an action name");
        if (!Peek.Is("::")) return new RawActionRef(null, first, spot);
        var path = first;
        while (Accept("::"))
        {
            if (Peek.Kind == SchemaTokenKind.String) return new RawActionRef(path, Next().Text, spot);
            path += "::" + ParseIdent("a name or a string literal");
        }
        throw Unexpected("`::` followed by a string literal");
    }
}
