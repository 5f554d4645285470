using System.Collections.Immutable;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// The result of typechecking one expression: its type (which a failed expression may still have), whether it
/// typechecked, and the capabilities (attributes and tags known to exist) it establishes when true. A failed
/// answer never carries capabilities, as in the reference.
/// </summary>
internal readonly record struct Answer(VType? Type, bool Ok, ImmutableHashSet<string> Caps)
{
    public static readonly ImmutableHashSet<string> NoCaps = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public static Answer Success(VType? type) => new(type, true, NoCaps);

    public static Answer Success(VType? type, ImmutableHashSet<string> caps) => new(type, true, caps);

    public static Answer Fail(VType? type) => new(type, false, NoCaps);

    public static Answer Make(VType? type, bool ok, ImmutableHashSet<string> caps) => new(type, ok, ok ? caps : NoCaps);
}
