using System.Collections.Immutable;

namespace Sekisho.Cedar.Extensions;

/// <summary>
/// The signature of one extension function. For a method, <see cref="Parameters"/> starts with the receiver,
/// as in the reference (<c>isInRange: (ipaddr, ipaddr) -> Bool</c>).
/// </summary>
/// <param name="Name">The function name as written in policies.</param>
/// <param name="Extension">The extension it belongs to: ipaddr, decimal or datetime.</param>
/// <param name="Style">Function or method call.</param>
/// <param name="Parameters">Argument types, receiver first for methods.</param>
/// <param name="Returns">Result type.</param>
public sealed record ExtensionFunction(
    string Name,
    string Extension,
    ExtensionCallStyle Style,
    ImmutableArray<ExtensionType> Parameters,
    ExtensionType Returns)
{
    /// <summary>
    /// A single-string-argument constructor returning an extension type (ip, decimal, datetime, duration):
    /// the only functions allowed in entity JSON <c>__extn</c> and implicit schema-based forms, and the ones
    /// the validator evaluates on literal arguments.
    /// </summary>
    public bool IsConstructor =>
        Style == ExtensionCallStyle.Function
        && Parameters.Length == 1
        && Parameters[0] == ExtensionType.String
        && ExtensionFunctions.IsExtensionType(Returns);

    /// <summary>The signature in the reference's notation, e.g. <c>offset: (datetime, duration) -> datetime</c>.</summary>
    public override string ToString()
    {
        var parts = new string[Parameters.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = ExtensionFunctions.TypeName(Parameters[i]);
        }

        return $"{Name}: ({string.Join(", ", parts)}) -> {ExtensionFunctions.TypeName(Returns)}";
    }
}
