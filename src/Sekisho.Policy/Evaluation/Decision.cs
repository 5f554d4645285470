namespace Sekisho.Policy;

/// <summary>The outcome of evaluating a request, as AWS names it.</summary>
public enum Decision
{
    Allowed,
    ExplicitlyDenied,
    ImplicitlyDenied,
}
