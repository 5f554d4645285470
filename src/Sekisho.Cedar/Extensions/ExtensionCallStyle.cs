namespace Sekisho.Cedar.Extensions;

/// <summary>How an extension function is written in policy text.</summary>
public enum ExtensionCallStyle
{
    /// <summary><c>ip("10.0.0.1")</c>: a function call; every argument is in the parentheses.</summary>
    Function,

    /// <summary><c>a.isInRange(b)</c>: the receiver is the first argument of the signature.</summary>
    Method,
}
