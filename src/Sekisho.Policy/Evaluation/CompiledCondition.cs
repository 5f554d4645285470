using System.Net;
using Sekisho.Policy.Matching;

namespace Sekisho.Policy.Evaluation;

/// <summary>
/// One operator/key pair compiled for evaluation. Rules (IAM User Guide, "Condition operators" and "Set operators
/// for multivalued context keys"): values of one key are OR'ed; a negated operator (StringNotEquals, NotIpAddress,
/// ...) matches when the request value matches none of the policy values, and matches when the key is absent;
/// IfExists makes an absent key match; ForAnyValue needs one request value to match (absent/empty set: false);
/// ForAllValues needs every request value to match (absent/empty set: true).
/// </summary>
internal sealed class CompiledCondition
{
    private readonly PolicyCondition _source;
    private readonly ConditionOperator _op;
    private readonly bool _negated;
    private readonly Pattern[]? _strings;
    private readonly ArnPattern[]? _arns;
    private readonly double?[]? _numbers;
    private readonly long?[]? _dates;
    private readonly bool?[]? _bools;
    private readonly byte[]?[]? _binaries;
    private readonly IPNetwork?[]? _networks;
    private readonly AddressBlock[]? _blocks;
    private readonly bool _hasVariables;
    private readonly int _keySlot;

    public CompiledCondition(PolicyCondition source, bool variables)
    {
        _source = source;
        _op = source.Operator;
        _negated = ConditionOperatorName.IsNegated(_op);
        _keySlot = ContextKeyIndex.Intern(source.Key);
        var n = source.Values.Count;
        variables &= ConditionOperatorName.AllowsVariables(_op);
        switch (_op)
        {
            case ConditionOperator.StringEquals or ConditionOperator.StringNotEquals:
                _strings = Compile(source, wildcards: false, variables, ignoreCase: false);
                break;
            case ConditionOperator.StringEqualsIgnoreCase or ConditionOperator.StringNotEqualsIgnoreCase:
                _strings = Compile(source, wildcards: false, variables, ignoreCase: true);
                break;
            case ConditionOperator.StringLike or ConditionOperator.StringNotLike:
                _strings = Compile(source, wildcards: true, variables, ignoreCase: false);
                break;
            case ConditionOperator.ArnEquals or ConditionOperator.ArnLike or ConditionOperator.ArnNotEquals or ConditionOperator.ArnNotLike:
                _arns = new ArnPattern[n];
                for (var i = 0; i < n; i++) _arns[i] = ArnPattern.Compile(source.Values[i].Text, variables);
                break;
            case ConditionOperator.NumericEquals or ConditionOperator.NumericNotEquals or ConditionOperator.NumericLessThan
                or ConditionOperator.NumericLessThanEquals or ConditionOperator.NumericGreaterThan or ConditionOperator.NumericGreaterThanEquals:
                _numbers = new double?[n];
                for (var i = 0; i < n; i++)
                    _numbers[i] = ConditionValueParsers.TryNumber(source.Values[i].Text, out var d) ? d : null;
                break;
            case ConditionOperator.DateEquals or ConditionOperator.DateNotEquals or ConditionOperator.DateLessThan
                or ConditionOperator.DateLessThanEquals or ConditionOperator.DateGreaterThan or ConditionOperator.DateGreaterThanEquals:
                _dates = new long?[n];
                for (var i = 0; i < n; i++)
                    _dates[i] = ConditionValueParsers.TryDate(source.Values[i].Text, out var t) ? t : null;
                break;
            case ConditionOperator.Bool or ConditionOperator.Null:
                _bools = new bool?[n];
                for (var i = 0; i < n; i++)
                    _bools[i] = ConditionValueParsers.TryBool(source.Values[i].Text, out var b) ? b : null;
                break;
            case ConditionOperator.BinaryEquals:
                _binaries = new byte[]?[n];
                for (var i = 0; i < n; i++)
                {
                    var buffer = new byte[source.Values[i].Text.Length];
                    _binaries[i] = Convert.TryFromBase64String(source.Values[i].Text, buffer, out var written) ? buffer[..written] : null;
                }
                break;
            default:
                _networks = new IPNetwork?[n];
                _blocks = new AddressBlock[n];
                for (var i = 0; i < n; i++)
                {
                    _networks[i] = ConditionValueParsers.TryNetwork(source.Values[i].Text, out var net) ? net : null;
                    _blocks[i] = AddressBlock.From(_networks[i]);
                }
                break;
        }
        if (_strings is not null)
            foreach (var p in _strings) _hasVariables |= p.HasVariables;
        if (_arns is not null)
            foreach (var p in _arns) _hasVariables |= p.HasVariables;
    }

    private static Pattern[] Compile(PolicyCondition source, bool wildcards, bool variables, bool ignoreCase)
    {
        var result = new Pattern[source.Values.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Pattern.Compile(source.Values[i].Text, wildcards, variables, ignoreCase);
        return result;
    }

    public PolicyCondition Source => _source;

    public bool Evaluate(RequestContext context)
    {
        var entry = context.FindEntry(_keySlot, _source.Key);
        var values = entry < 0 ? [] : context.EntryValues(entry);
        if (_op == ConditionOperator.Null) return EvaluateNull(values.Length > 0);
        if (values.Length == 0) return ResultForAbsent();
        // A policy variable AWS cannot resolve "might cause the entire statement to be invalid" (IAM User Guide,
        // "Variables and tags"). With the key present, treated as false so the statement does not apply: otherwise a
        // negated operator (StringNotEquals, ArnNotLike) would turn the unreadable value into a match. An absent key
        // keeps its own documented result (IfExists and negated operators: true), as iam-simulate does.
        if (_hasVariables && !AllVariablesResolve(context)) return false;
        switch (_source.Qualifier)
        {
            case SetQualifier.ForAllValues:
                for (var i = 0; i < values.Length; i++)
                    if (!MatchOne(entry, i, context)) return false;
                return true;
            case SetQualifier.ForAnyValue:
                for (var i = 0; i < values.Length; i++)
                    if (MatchOne(entry, i, context)) return true;
                return false;
            default:
                if (_negated)
                {
                    // A negated operator on several request values: none of them may match a policy value.
                    for (var i = 0; i < values.Length; i++)
                        if (!MatchOne(entry, i, context)) return false;
                    return true;
                }
                for (var i = 0; i < values.Length; i++)
                    if (MatchOne(entry, i, context)) return true;
                return false;
        }
    }

    private bool AllVariablesResolve(RequestContext context)
    {
        if (_strings is not null)
            foreach (var p in _strings)
                if (p.HasVariables && !p.AllVariablesResolve(context, out _)) return false;
        if (_arns is not null)
            foreach (var p in _arns)
                if (p.HasVariables && !p.AllVariablesResolve(context, out _)) return false;
        return true;
    }

    private bool ResultForAbsent() => _source.Qualifier switch
    {
        SetQualifier.ForAllValues => true,
        SetQualifier.ForAnyValue => _source.IfExists,
        _ => _source.IfExists || _negated,
    };

    private bool EvaluateNull(bool present)
    {
        foreach (var b in _bools!)
            if (b is { } wantAbsent && wantAbsent != present) return true;
        return false;
    }

    /// <summary>For one request value: does it satisfy the operator (for negated operators: match no policy value)?</summary>
    private bool MatchOne(int entry, int index, RequestContext context) => MatchesAnyPolicyValue(entry, index, context) != _negated;

    // Typed operands come from the context's cache (parsed at most once per context), policy values were parsed at
    // compile time.
    private bool MatchesAnyPolicyValue(int entry, int index, RequestContext context)
    {
        if (_strings is not null)
        {
            var value = context.EntryValues(entry)[index];
            foreach (var p in _strings)
                if (p.Matches(value, context)) return true;
            return false;
        }
        if (_arns is not null)
        {
            var value = context.EntryValues(entry)[index];
            foreach (var p in _arns)
                if (p.Matches(value, context)) return true;
            return false;
        }
        if (_numbers is not null)
        {
            if (!context.TryGetNumber(entry, index, out var x)) return false;
            foreach (var n in _numbers)
                if (n is { } y && Compare(x.CompareTo(y))) return true;
            return false;
        }
        if (_dates is not null)
        {
            if (!context.TryGetDate(entry, index, out var x)) return false;
            foreach (var n in _dates)
                if (n is { } y && Compare(x.CompareTo(y))) return true;
            return false;
        }
        if (_bools is not null)
        {
            if (!context.TryGetBool(entry, index, out var x)) return false;
            foreach (var b in _bools)
                if (b == x) return true;
            return false;
        }
        if (_binaries is not null) return MatchBinary(context.EntryValues(entry)[index]);
        var family = context.TryGetAddress(entry, index, out var address);
        if (family == 0) return false;
        foreach (var block in _blocks!)
            if (block.Contains(family, address)) return true;
        return false;
    }

    private bool Compare(int c) => _op switch
    {
        ConditionOperator.NumericLessThan or ConditionOperator.DateLessThan => c < 0,
        ConditionOperator.NumericLessThanEquals or ConditionOperator.DateLessThanEquals => c <= 0,
        ConditionOperator.NumericGreaterThan or ConditionOperator.DateGreaterThan => c > 0,
        ConditionOperator.NumericGreaterThanEquals or ConditionOperator.DateGreaterThanEquals => c >= 0,
        _ => c == 0,
    };

    private bool MatchBinary(string value)
    {
        Span<byte> buffer = value.Length <= 1024 ? stackalloc byte[value.Length] : new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var written)) return false;
        foreach (var b in _binaries!)
            if (b is not null && buffer[..written].SequenceEqual(b)) return true;
        return false;
    }

    /// <summary>Evaluates again, recording the values compared and why (allocates; explanations only).</summary>
    public ConditionTrace Trace(RequestContext context)
    {
        var result = Evaluate(context);
        var present = context.TryGetValues(_source.Key, out var values);
        var policyValues = new List<string>(_source.Values.Count);
        string? note = null;
        for (var i = 0; i < _source.Values.Count; i++)
        {
            if (_strings is not null)
            {
                policyValues.Add(_strings[i].Render(context));
                if (!_strings[i].AllVariablesResolve(context, out var missing))
                    note ??= $"policy variable ${{{missing}}} is not in the request context, so the condition (and its statement) does not apply";
            }
            else if (_arns is not null)
            {
                policyValues.Add(_arns[i].Render(context));
                if (!_arns[i].AllVariablesResolve(context, out var missing))
                    note ??= $"policy variable ${{{missing}}} is not in the request context, so the condition (and its statement) does not apply";
            }
            else
            {
                policyValues.Add(_source.Values[i].Text);
                var malformed = (_numbers is not null && _numbers[i] is null) || (_dates is not null && _dates[i] is null)
                    || (_bools is not null && _bools[i] is null) || (_binaries is not null && _binaries[i] is null)
                    || (_networks is not null && _networks[i] is null);
                if (malformed) note ??= $"policy value '{_source.Values[i].Text}' is not valid for {_op}, so it matches nothing";
            }
        }
        if (_op == ConditionOperator.Null)
            note = present && values.Length > 0 ? "the key is present" : "the key is absent";
        else if (!present)
            note = _source.Qualifier switch
            {
                SetQualifier.ForAllValues => "the key is absent: ForAllValues is true for an absent key",
                SetQualifier.ForAnyValue when _source.IfExists => "the key is absent: IfExists makes the condition true",
                SetQualifier.ForAnyValue => "the key is absent: ForAnyValue is false for an absent key",
                _ when _source.IfExists => "the key is absent: IfExists makes the condition true",
                _ when _negated => "the key is absent: a negated operator is true when the key is absent",
                _ => "the key is absent from the request context, so the condition is false",
            };
        else if (values.Length == 0)
            note = "the key has an empty set of values";
        else if (!result && note is null && _bools is null && _strings is null && _arns is null)
            foreach (var v in values)
                if (!ParsesFor(v)) { note = $"request value '{v}' is not valid for {_op}, so it matches nothing"; break; }
        if (!result && note is null && _bools is not null)
            foreach (var v in values)
                if (!ConditionValueParsers.TryBool(v, out _)) { note = $"request value '{v}' is not a boolean (true/false), so it matches nothing"; break; }
        return new ConditionTrace(_source.OperatorText, _source.Key, present ? values : null, policyValues, result, note, _source.OperatorPosition);
    }

    private bool ParsesFor(string v) =>
        _numbers is not null ? ConditionValueParsers.TryNumber(v, out _)
        : _dates is not null ? ConditionValueParsers.TryDate(v, out _)
        : _networks is not null ? IPAddress.TryParse(v.Trim(), out _)
        : _binaries is null || Convert.TryFromBase64String(v, new byte[v.Length], out _);
}
