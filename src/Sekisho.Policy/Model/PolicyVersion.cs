namespace Sekisho.Policy;

/// <summary>The policy language version. Without a Version element AWS applies 2008-10-17 rules.</summary>
public enum PolicyVersion
{
    /// <summary>2008-10-17: policy variables are plain text.</summary>
    V2008_10_17,

    /// <summary>2012-10-17: policy variables are substituted.</summary>
    V2012_10_17,
}
