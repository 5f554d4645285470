namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>A link of a case's template (by its index among the templates) to slot values.</summary>
public sealed record FuzzLink(int TemplateIndex, string NewId, FuzzEntityRef? PrincipalSlot, FuzzEntityRef? ResourceSlot);
