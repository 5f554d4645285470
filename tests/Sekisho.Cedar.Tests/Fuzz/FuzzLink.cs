namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>A link of a template (named by its position in the case's policy text) to slot values.</summary>
public sealed record FuzzLink(string TemplateId, string NewId, FuzzEntityRef? PrincipalSlot, FuzzEntityRef? ResourceSlot);
