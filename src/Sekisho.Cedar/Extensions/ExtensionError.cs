namespace Sekisho.Cedar.Extensions;

/// <summary>
/// A failed extension function call (bad constructor argument, arithmetic overflow), worded as cedar-policy
/// 4.12 words it. <see cref="ExtensionName"/> is the name the reference reports in
/// "error while evaluating `X` extension function": the extension for <c>ip</c> ("ipaddr") and <c>decimal</c>,
/// the function itself for the datetime extension (<c>datetime</c>, <c>duration</c>, <c>offset</c>, ...).
/// </summary>
public sealed record ExtensionError(string ExtensionName, string Message, string? Help)
{
    /// <summary>The reference's one-line rendering, without the help text.</summary>
    public override string ToString() => $"error while evaluating `{ExtensionName}` extension function: {Message}";
}
