namespace Sekisho.Cedar.Values;

/// <summary>
/// A value of an extension type (ipaddr, decimal, datetime, duration). Implementations compare by value through
/// <see cref="object.Equals(object)"/> and <see cref="object.GetHashCode"/>.
/// </summary>
public interface IExtensionValue
{
    /// <summary>The extension type's name as Cedar spells it: <c>ipaddr</c>, <c>decimal</c>, <c>datetime</c>, <c>duration</c>.</summary>
    string TypeName { get; }

    /// <summary>The extension value as a call that constructs it, e.g. <c>ip("10.0.0.1")</c>.</summary>
    string ToCedarString();

    /// <summary>True when <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> apply directly (datetime, duration).</summary>
    bool SupportsOrdering { get; }

    /// <summary>Orders two values of the same ordered extension type.</summary>
    int CompareTo(IExtensionValue other);
}
