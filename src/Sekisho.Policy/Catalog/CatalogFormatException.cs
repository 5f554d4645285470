namespace Sekisho.Policy.Catalog;

/// <summary>The embedded catalogue is not in the format <see cref="IamCatalog"/> reads (a build problem, not bad input).</summary>
public sealed class CatalogFormatException : Exception
{
    public CatalogFormatException(string message) : base(message) { }
    public CatalogFormatException(string message, Exception inner) : base(message, inner) { }
    public CatalogFormatException() { }
}
