namespace Sekisho.Server.Organization;

/// <summary>A refused organization change (unknown target, duplicate name, malformed policy), worded for the admin.</summary>
public sealed class OrganizationException(string message) : Exception(message);
