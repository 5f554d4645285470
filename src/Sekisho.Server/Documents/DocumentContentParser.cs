using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sekisho.Protocol.Tunnels;
using Sekisho.Server.Api;

namespace Sekisho.Server.Documents;

/// <summary>
/// Parses and validates the JSON content of a Session document (schemaVersion 1.0) as Session Manager defines it,
/// plus Sekisho's own members (<c>allowedDestinations</c> on Port documents; <c>ssmUserSudo</c> and
/// <c>recordingRetentionDays</c> in Standard_Stream inputs). Every refusal is <c>InvalidDocumentContent</c>
/// naming the member and what is wrong with it.
/// </summary>
public static class DocumentContentParser
{
    public const int MaxContentBytes = 64 * 1024;
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
        { "schemaVersion", "description", "sessionType", "inputs", "parameters", "properties", "allowedDestinations" };

    private static readonly HashSet<string> ParameterMembers = new(StringComparer.Ordinal)
        { "type", "description", "default", "allowedValues", "allowedPattern", "minItems", "maxItems", "displayType" };

    private static readonly HashSet<string> AwsStringInputs = new(StringComparer.Ordinal)
        { "s3BucketName", "s3KeyPrefix", "cloudWatchLogGroupName", "kmsKeyId", "runAsDefaultUser" };

    private static readonly HashSet<string> AwsBooleanInputs = new(StringComparer.Ordinal)
        { "s3EncryptionEnabled", "cloudWatchEncryptionEnabled", "cloudWatchStreamingEnabled", "runAsEnabled", "ssmUserSudo" };

    public static AwsErrorException Invalid(string detail) =>
        new("InvalidDocumentContent", $"Document content is not valid: {detail}", 400);

    public static DocumentContent Parse(string content)
    {
        if (string.IsNullOrWhiteSpace(content)) throw Invalid("the content is empty.");
        if (System.Text.Encoding.UTF8.GetByteCount(content) > MaxContentBytes)
            throw new AwsErrorException("MaxDocumentSizeExceeded", $"The content exceeds the maximum document size of {MaxContentBytes} bytes.");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw Invalid($"the content is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
        }
        if (root is not JsonObject document) throw Invalid("the content must be a JSON object.");
        foreach (var (name, _) in document)
            if (!TopLevel.Contains(name)) throw Invalid($"unknown member '{name}' (a Session document has {string.Join(", ", TopLevel)}).");

        if (document["schemaVersion"] is not JsonValue version || version.GetValueKind() != JsonValueKind.String)
            throw Invalid("'schemaVersion' is required and must be the string \"1.0\".");
        if (version.GetValue<string>() != "1.0")
            throw Invalid($"'schemaVersion' must be \"1.0\" (Session documents support only 1.0), not \"{version.GetValue<string>()}\".");
        var sessionType = RequiredString(document, "sessionType");
        if (!SessionTypes.All.Contains(sessionType))
            throw Invalid($"'sessionType' must be one of {string.Join(", ", SessionTypes.All)}, not \"{sessionType}\".");
        var description = OptionalString(document, "description", "description");

        var inputs = OptionalObject(document, "inputs") ?? [];
        var parameters = ParseParameters(OptionalObject(document, "parameters"));
        var properties = OptionalObject(document, "properties") ?? [];
        SessionPreferences? preferences = null;
        if (sessionType == SessionTypes.StandardStream)
        {
            preferences = ParsePreferences(inputs);
        }
        else if (inputs.Count > 0)
        {
            throw Invalid($"'inputs' applies to Standard_Stream documents only, not {sessionType}.");
        }

        IReadOnlyList<string>? destinations = null;
        if (document["allowedDestinations"] is { } allowed)
        {
            if (sessionType != SessionTypes.Port) throw Invalid($"'allowedDestinations' applies to Port documents only, not {sessionType}.");
            // The server hands this list to the agent as the property of the same name: two lists would be ambiguous.
            if (properties.ContainsKey("allowedDestinations"))
                throw Invalid("'allowedDestinations' is given both at the top level and in 'properties': keep one.");
            destinations = ParseDestinations(allowed);
        }
        else if (sessionType == SessionTypes.Port && properties["allowedDestinations"] is JsonValue literal
                 && literal.GetValueKind() == JsonValueKind.String && !literal.GetValue<string>().Contains("{{", StringComparison.Ordinal))
        {
            // A literal list is checked now, as the agent will read it; one built from parameters at StartSession.
            CheckAllowList(() => DestinationAllowList.Parse(literal.GetValue<string>()), "properties.allowedDestinations");
        }
        CheckPlaceholders(properties, parameters, "properties");
        return new DocumentContent(sessionType, description, (JsonObject)inputs.DeepClone(), parameters, (JsonObject)properties.DeepClone(), destinations, preferences);
    }

    private static IReadOnlyDictionary<string, DocumentParameter> ParseParameters(JsonObject? parameters)
    {
        var result = new Dictionary<string, DocumentParameter>(StringComparer.Ordinal);
        if (parameters is null) return result;
        foreach (var (name, node) in parameters)
        {
            var at = $"parameters.{name}";
            if (!IsParameterName(name)) throw Invalid($"'{at}': a parameter name has letters, digits and _ only (1-255 characters).");
            if (node is not JsonObject definition) throw Invalid($"'{at}' must be an object with a 'type'.");
            foreach (var (member, _) in definition)
                if (!ParameterMembers.Contains(member)) throw Invalid($"'{at}.{member}' is not a parameter member (type, description, default, allowedValues, allowedPattern, minItems, maxItems).");
            var type = RequiredString(definition, "type", at + ".type");
            if (type is not (DocumentParameterTypes.String or DocumentParameterTypes.StringList))
                throw Invalid($"'{at}.type' must be String or StringList, not \"{type}\".");
            var isList = type == DocumentParameterTypes.StringList;
            var description = OptionalString(definition, "description", at + ".description");
            var allowedValues = definition["allowedValues"] is { } values ? StringArray(values, at + ".allowedValues") : null;
            var pattern = OptionalString(definition, "allowedPattern", at + ".allowedPattern");
            if (pattern is not null)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
                }
                catch (ArgumentException e)
                {
                    throw Invalid($"'{at}.allowedPattern' is not a valid regular expression: {e.Message}");
                }
            }
            var minItems = OptionalCount(definition, "minItems", at);
            var maxItems = OptionalCount(definition, "maxItems", at);
            if ((minItems is not null || maxItems is not null) && !isList)
                throw Invalid($"'{at}': minItems and maxItems apply to StringList parameters only.");
            IReadOnlyList<string>? defaults = null;
            if (definition["default"] is { } given)
            {
                if (isList)
                {
                    defaults = StringArray(given, at + ".default");
                }
                else if (given is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                {
                    defaults = [value.GetValue<string>()];
                }
                else
                {
                    throw Invalid($"'{at}.default' must be a string for a String parameter.");
                }
            }
            var parameter = new DocumentParameter(name, type, description, defaults, allowedValues, pattern, minItems, maxItems);
            if (defaults is not null && DocumentParameterResolver.Check(parameter, defaults) is { } problem)
                throw Invalid($"'{at}.default' does not meet the parameter's own constraints: {problem}");
            result.Add(name, parameter);
        }
        return result;
    }

    private static SessionPreferences ParsePreferences(JsonObject inputs)
    {
        foreach (var (name, node) in inputs)
        {
            var at = "inputs." + name;
            if (AwsStringInputs.Contains(name) || name is "idleSessionTimeout" or "maxSessionDuration" or "recordingRetentionDays")
            {
                if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String) throw Invalid($"'{at}' must be a string.");
            }
            else if (AwsBooleanInputs.Contains(name))
            {
                if (node is not JsonValue v || v.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) throw Invalid($"'{at}' must be true or false.");
            }
            else if (name == "shellProfile")
            {
                if (node is not JsonObject profile) throw Invalid($"'{at}' must be an object with 'linux' and 'windows' strings.");
                foreach (var (os, command) in profile)
                {
                    if (os is not ("linux" or "windows")) throw Invalid($"'{at}.{os}' is not a platform (linux, windows).");
                    if (command is not JsonValue c || c.GetValueKind() != JsonValueKind.String) throw Invalid($"'{at}.{os}' must be a string.");
                }
            }
            else
            {
                throw Invalid($"unknown input '{at}'.");
            }
        }
        var idle = Minutes(inputs, "idleSessionTimeout", 1, 60) ?? 20;
        var max = Minutes(inputs, "maxSessionDuration", 1, 1440);
        var retention = Minutes(inputs, "recordingRetentionDays", 1, 36500);
        var runAsEnabled = Flag(inputs, "runAsEnabled");
        var runAsUser = inputs["runAsDefaultUser"]?.GetValue<string>() is { Length: > 0 } user ? user : null;
        if (runAsUser is not null && !IsUserName(runAsUser))
            throw Invalid($"'inputs.runAsDefaultUser' \"{runAsUser}\" is not a valid Linux user name (letters, digits, '.', '_', '-', at most 32, not starting with '-').");
        // Run As on with no default user is a valid setting (scenario 3): a principal without an SSMSessionRunAs tag is
        // then refused at StartSession with the reason and the fix, while SSH and port sessions still work.
        var shell = inputs["shellProfile"]?["linux"]?.GetValue<string>() is { Length: > 0 } profileText ? profileText : null;
        return new SessionPreferences(TimeSpan.FromMinutes(idle), max is { } m ? TimeSpan.FromMinutes(m) : null, runAsEnabled, runAsUser, shell,
            Flag(inputs, "ssmUserSudo"), retention is { } days ? TimeSpan.FromDays(days) : null);
    }

    private static int? Minutes(JsonObject inputs, string name, int min, int max)
    {
        if (inputs[name]?.GetValue<string>() is not { Length: > 0 } text) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Invalid($"'inputs.{name}' must be a whole number from {min} to {max} (or empty), not \"{text}\".");
        return value;
    }

    private static bool Flag(JsonObject inputs, string name) => inputs[name]?.GetValue<bool>() ?? false;

    private static IReadOnlyList<string> ParseDestinations(JsonNode node)
    {
        var list = StringArray(node, "allowedDestinations");
        foreach (var entry in list)
        {
            var colon = entry.LastIndexOf(':');
            var port = colon < 0 ? "" : entry[(colon + 1)..];
            if (colon <= 0 || !(port == "*" || (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535)))
                throw Invalid($"'allowedDestinations' entry \"{entry}\" must be host:port (host may use * wildcards or be a CIDR block, port a number from 1 to 65535 or *).");
        }
        CheckAllowList(() => DestinationAllowList.Parse(list), "allowedDestinations");
        return list;
    }

    /// <summary>Refuses a list the agent could not read (it would fail every session of the document).</summary>
    private static void CheckAllowList(Func<DestinationAllowList> parse, string at)
    {
        try
        {
            parse();
        }
        catch (FormatException e)
        {
            throw Invalid($"'{at}': {e.Message}.");
        }
    }

    /// <summary>Every <c>{{ name }}</c> in the properties must name a declared parameter.</summary>
    private static void CheckPlaceholders(JsonNode? node, IReadOnlyDictionary<string, DocumentParameter> parameters, string at)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj) CheckPlaceholders(child, parameters, $"{at}.{name}");
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) CheckPlaceholders(array[i], parameters, $"{at}[{i}]");
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                foreach (var name in DocumentParameterResolver.Placeholders(value.GetValue<string>()))
                    if (!parameters.ContainsKey(name) && !name.StartsWith("ssm:", StringComparison.Ordinal))
                        throw Invalid($"'{at}' refers to {{{{ {name} }}}}, which is not a declared parameter.");
                break;
        }
    }

    private static string RequiredString(JsonObject obj, string member, string? at = null)
    {
        if (obj[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String) return value.GetValue<string>();
        throw Invalid($"'{at ?? member}' is required and must be a string.");
    }

    private static string? OptionalString(JsonObject obj, string member, string at)
    {
        if (obj[member] is null) return null;
        if (obj[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String) return value.GetValue<string>();
        throw Invalid($"'{at}' must be a string.");
    }

    private static JsonObject? OptionalObject(JsonObject obj, string member) => obj[member] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Invalid($"'{member}' must be an object."),
    };

    private static int? OptionalCount(JsonObject obj, string member, string at)
    {
        if (obj[member] is null) return null;
        if (obj[member] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var n) && n >= 0) return n;
        throw Invalid($"'{at}.{member}' must be a whole number, 0 or more.");
    }

    private static List<string> StringArray(JsonNode node, string at)
    {
        if (node is not JsonArray array) throw Invalid($"'{at}' must be a list of strings.");
        var list = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.String) throw Invalid($"'{at}[{i}]' must be a string.");
            list.Add(v.GetValue<string>());
        }
        return list;
    }

    private static bool IsParameterName(string name)
    {
        if (name.Length is 0 or > 255) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }

    /// <summary>A portable Linux user name (what useradd accepts by default).</summary>
    public static bool IsUserName(string name)
    {
        if (name.Length is 0 or > 32 || name[0] == '-') return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-')) return false;
        return true;
    }
}
