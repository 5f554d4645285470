using System.Globalization;

namespace Sekisho.Policy.Catalog;

/// <summary>
/// Reads the generator's line format (see tools/catalog/README.md): a header, <c>G</c> global keys, <c>U</c>
/// condition prefixes owned by other services, then per service <c>S</c>, <c>K</c> (its key table), <c>T</c>
/// resource types and <c>A</c> actions, fields separated by tabs and lists by commas.
/// </summary>
internal static class CatalogReader
{
    private const string Magic = "sekisho-iam-catalog";

    public static IamCatalog Parse(string text)
    {
        var lineNo = 0;
        string? package = null, version = null;
        var globals = new List<IamConditionKey>();
        var unassociated = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var services = new List<IamService>();
        ServiceBuilder? current = null;

        foreach (var range in text.AsSpan().Split('\n'))
        {
            lineNo++;
            var line = text.AsSpan(range);
            if (line.IsEmpty) continue;
            var fields = new List<string>();
            foreach (var f in line.Split('\t')) fields.Add(line[f].ToString());
            if (lineNo == 1)
            {
                if (fields.Count != 4 || fields[0] != Magic || fields[1] != "1")
                    throw new CatalogFormatException($"catalogue line 1: expected '{Magic}\\t1\\t...', found '{Shorten(line)}'");
                package = fields[2];
                version = fields[3];
                continue;
            }
            switch (fields[0])
            {
                case "G":
                    for (var i = 1; i < fields.Count; i++) globals.Add(new IamConditionKey(fields[i]));
                    break;
                case "U":
                    Expect(fields, 3, lineNo);
                    unassociated[fields[1]] = fields[2].Split(',');
                    break;
                case "S":
                    Expect(fields, 3, lineNo);
                    if (current is not null) services.Add(current.Build());
                    current = new ServiceBuilder(fields[1], fields[2]);
                    break;
                case "K":
                    Need(current, lineNo).AddKeys(fields);
                    break;
                case "T":
                    Expect(fields, 4, lineNo);
                    Need(current, lineNo).AddResourceType(fields, lineNo);
                    break;
                case "A":
                    Expect(fields, 4, lineNo);
                    Need(current, lineNo).AddAction(fields, lineNo);
                    break;
                default:
                    throw new CatalogFormatException($"catalogue line {lineNo}: unknown record '{fields[0]}'");
            }
        }
        if (current is not null) services.Add(current.Build());
        if (package is null || version is null) throw new CatalogFormatException("catalogue is empty");
        return new IamCatalog(package, version, services, globals, unassociated);
    }

    private static ServiceBuilder Need(ServiceBuilder? current, int lineNo) =>
        current ?? throw new CatalogFormatException($"catalogue line {lineNo}: record before the first service");

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
