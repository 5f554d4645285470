namespace Sekisho.Cedar.Validation;

/// <summary>A least upper bound, or why there is none (the reference's hint for incompatible types).</summary>
internal readonly record struct LubResult(VType? Type, string? Hint)
{
    public static LubResult Fail(string hint) => new(null, hint);
}
