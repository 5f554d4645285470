using System.Globalization;

namespace Sekisho.Policy.Catalog;

/// <summary>
/// Reads the generator's line format (see tools/catalog/README.md): a header, <c>G</c> global keys, <c>U</c>
/// condition prefixes owned by other services, then per service <c>S</c>, <c>K</c> (its key table), <c>T</c>
/// resource types and <c>A</c> actions, fields separated by tabs and lists by commas.
/// </summary>
/// <remarks>A bad record inside a service is reported when that service is first used.</remarks>
internal static class CatalogReader
{
    private const string Magic = "sekisho-iam-catalog";

    public static IamCatalog Parse(string text)
    {
        // One quick pass finds the header, the global records and where each service's lines are; a service's
        // own records are parsed the first time it is asked for, since a policy names only a few services.
        var lineNo = 0;
        string? package = null, version = null;
        var globals = new List<IamConditionKey>();
        var unassociated = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var services = new List<ServiceSource>();
        var actionCount = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            var end = text.IndexOf('\n', pos);
            if (end < 0) end = text.Length;
            lineNo++;
            var line = text.AsSpan(pos, end - pos);
            var lineStart = pos;
            pos = end + 1;
            if (line.IsEmpty) continue;
            if (lineNo == 1)
            {
                var header = Fields(line);
                if (header.Count != 4 || header[0] != Magic || header[1] != "1")
                    throw new CatalogFormatException($"catalogue line 1: expected '{Magic}\\t1\\t...', found '{Shorten(line)}'");
                package = header[2];
                version = header[3];
                continue;
            }
            if (line.Length > 1 && line[1] != '\t')
                throw new CatalogFormatException($"catalogue line {lineNo}: unknown record '{Shorten(line)}'");
            switch (line[0])
            {
                case 'A' or 'K' or 'T':
                    if (services.Count == 0) throw new CatalogFormatException($"catalogue line {lineNo}: record before the first service");
                    if (line[0] == 'A') actionCount++;
                    break;
                case 'G':
                    var keys = Fields(line);
                    for (var i = 1; i < keys.Count; i++) globals.Add(new IamConditionKey(keys[i]));
                    break;
                case 'U':
                    var u = Fields(line);
                    Expect(u, 3, lineNo);
                    unassociated[u[1]] = u[2].Split(',');
                    break;
                case 'S':
                    var sf = Fields(line);
                    Expect(sf, 3, lineNo);
                    if (services.Count > 0) services[^1].End = lineStart;
                    services.Add(new ServiceSource(sf[1], sf[2], text, pos, lineNo + 1));
                    break;
                default:
                    throw new CatalogFormatException($"catalogue line {lineNo}: unknown record '{line[0]}'");
            }
        }
        if (package is null || version is null) throw new CatalogFormatException("catalogue is empty");
        if (services.Count > 0) services[^1].End = text.Length;
        var entries = new List<(string Prefix, Func<IamService> Build)>(services.Count);
        foreach (var s in services) entries.Add((s.Prefix, s.Build));
        return new IamCatalog(package, version, entries, actionCount, globals, unassociated);
    }

    private static List<string> Fields(ReadOnlySpan<char> line)
    {
        var fields = new List<string>();
        foreach (var f in line.Split('\t')) fields.Add(line[f].ToString());
        return fields;
    }

    /// <summary>Where one service's records are in the text, parsed on demand.</summary>
    private sealed class ServiceSource(string prefix, string name, string text, int start, int firstLineNo)
    {
        public string Prefix => prefix;

        public int End { get; set; }

        public IamService Build()
        {
            var builder = new ServiceBuilder(prefix, name);
            var lineNo = firstLineNo - 1;
            var pos = start;
            while (pos < End)
            {
                var end = text.IndexOf('\n', pos, End - pos);
                if (end < 0) end = End;
                lineNo++;
                var line = text.AsSpan(pos, end - pos);
                pos = end + 1;
                if (line.IsEmpty) continue;
                var fields = Fields(line);
                switch (fields[0])
                {
                    case "K":
                        builder.AddKeys(fields);
                        break;
                    case "T":
                        Expect(fields, 4, lineNo);
                        builder.AddResourceType(fields, lineNo);
                        break;
                    case "A":
                        Expect(fields, 4, lineNo);
                        builder.AddAction(fields, lineNo);
                        break;
                    default:
                        throw new CatalogFormatException($"catalogue line {lineNo}: unexpected '{fields[0]}' record inside service {prefix}");
                }
            }
            return builder.Build();
        }
    }

    private static void Expect(List<string> fields, int count, int lineNo)
    {
        if (fields.Count != count)
            throw new CatalogFormatException($"catalogue line {lineNo}: '{fields[0]}' record has {fields.Count} fields, expected {count}");
    }

    private static string Shorten(ReadOnlySpan<char> line) => line.Length > 60 ? line[..60].ToString() + "..." : line.ToString();

    private sealed class ServiceBuilder(string prefix, string name)
    {
        private readonly List<IamConditionKey> _keys = [];
        private readonly List<IamConditionKey> _ownKeys = [];
        private readonly List<IamResourceType> _types = [];
        private readonly List<IamAction> _actions = [];

        public void AddKeys(List<string> fields)
        {
            for (var i = 1; i < fields.Count; i++)
            {
                var own = fields[i].StartsWith('+');
                var key = new IamConditionKey(own ? fields[i][1..] : fields[i]);
                _keys.Add(key);
                if (own) _ownKeys.Add(key);
            }
        }

        public void AddResourceType(List<string> fields, int lineNo) =>
            _types.Add(new IamResourceType(fields[1], fields[2], Refs(fields[3], _keys, lineNo)));

        public void AddAction(List<string> fields, int lineNo) =>
            _actions.Add(new IamAction(prefix, fields[1], Refs(fields[2], _types, lineNo), Refs(fields[3], _keys, lineNo)));

        public IamService Build() => new(prefix, name, _actions, _types, _ownKeys);

        private static T[] Refs<T>(string list, List<T> table, int lineNo)
        {
            if (list.Length == 0) return [];
            var parts = list.Split(',');
            var result = new T[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= table.Count)
                    throw new CatalogFormatException($"catalogue line {lineNo}: reference '{parts[i]}' is not an index below {table.Count}");
                result[i] = table[index];
            }
            return result;
        }
    }
}
