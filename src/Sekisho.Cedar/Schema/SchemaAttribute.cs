namespace Sekisho.Cedar.Schema;

/// <summary>An attribute of a record type: its type and whether it must be present.</summary>
public sealed record SchemaAttribute(SchemaType Type, bool Required);
