namespace Sekisho.Cedar.Entities;

/// <summary>
/// What a schema expects a JSON value to be, so that its implicit forms can be read: a string where an
/// extension type is expected is that extension's constructor argument (<c>"1.2.3.4"</c> becomes
/// <c>ip("1.2.3.4")</c>), and <c>{"type", "id"}</c> where an entity is expected is an entity reference.
/// </summary>
/// <param name="Kind">The expected kind.</param>
/// <param name="Name">For <see cref="JsonTypeKind.Extension"/> the extension type (<c>ipaddr</c>, ...); for
/// <see cref="JsonTypeKind.Entity"/> the entity type when known.</param>
/// <param name="Element">For <see cref="JsonTypeKind.Set"/>, the element type.</param>
/// <param name="Fields">For <see cref="JsonTypeKind.Record"/>, the declared attributes (others use the plain rules).</param>
public sealed record JsonTypeHint(
    JsonTypeKind Kind,
    string? Name = null,
    JsonTypeHint? Element = null,
    IReadOnlyDictionary<string, JsonTypeHint>? Fields = null)
{
    public static JsonTypeHint Unknown { get; } = new(JsonTypeKind.Unknown);

    public static JsonTypeHint Bool { get; } = new(JsonTypeKind.Bool);

    public static JsonTypeHint Long { get; } = new(JsonTypeKind.Long);

    public static JsonTypeHint String { get; } = new(JsonTypeKind.String);

    public static JsonTypeHint Entity(string? entityType = null) => new(JsonTypeKind.Entity, entityType);

    public static JsonTypeHint Extension(string extensionType) => new(JsonTypeKind.Extension, extensionType);

    public static JsonTypeHint Set(JsonTypeHint element) => new(JsonTypeKind.Set, Element: element);

    public static JsonTypeHint Record(IReadOnlyDictionary<string, JsonTypeHint> fields) => new(JsonTypeKind.Record, Fields: fields);
}
