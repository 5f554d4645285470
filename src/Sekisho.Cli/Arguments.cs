namespace Sekisho.Cli;

/// <summary>
/// A command's arguments after its name: options as <c>--name value</c> or <c>--name=value</c>, flags as
/// <c>--name</c>, and the rest positional. Each command declares which options take a value.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly string _command;

    public IReadOnlyList<string> Positional { get; }

    public Arguments(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        _command = command;
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positional.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            if (valueOptions.Contains(name))
            {
                string value;
                if (eq > 0) value = arg[(eq + 1)..];
                else if (i + 1 < args.Count) value = args[++i];
                else throw new CliException($"{command}: option --{name} needs a value");
                if (!_options.TryGetValue(name, out var list)) _options[name] = list = new List<string>();
                list.Add(value);
            }
            else if (flagOptions.Contains(name) && eq < 0)
            {
                _flags.Add(name);
            }
            else
            {
                var known = valueOptions.Select(o => "--" + o).Concat(flagOptions.Select(o => "--" + o)).ToList();
                var hint = known.Count == 0 ? "it takes no options" : "known options: " + string.Join(", ", known);
                throw new CliException($"{command}: unknown option --{name} ({hint})");
            }
        }
        Positional = positional;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Option(string name) => _options.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var v) ? v : [];

    public string Required(string name) =>
        Option(name) ?? throw new CliException($"{_command}: option --{name} is required");
}
