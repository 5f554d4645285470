using System.Text.Json.Nodes;

namespace Sekisho.Server.Documents;

/// <summary>
/// One version of a Session document (DocumentType Session, schemaVersion 1.0), parsed and validated.
/// </summary>
/// <param name="Arn"><c>arn:aws:ssm:REGION:ACCOUNT:document/NAME</c>, or <c>arn:aws:ssm:REGION::document/NAME</c> for AWS-owned ones</param>
/// <param name="Owner">the owning account id, or <c>Amazon</c></param>
/// <param name="SessionType">Standard_Stream, InteractiveCommands, NonInteractiveCommands or Port</param>
/// <param name="Inputs">the <c>inputs</c> object (Standard_Stream preferences), empty when absent</param>
/// <param name="Properties">the <c>properties</c> object with <c>{{ name }}</c> placeholders, empty when absent</param>
/// <param name="AllowedDestinations">Sekisho's <c>allowedDestinations</c> (Port documents): <c>host:port</c> patterns, null when absent</param>
/// <param name="Content">the document's JSON text as created</param>
public sealed record SessionDocument(
    string Name,
    string Arn,
    string Owner,
    string DocumentVersion,
    bool IsDefaultVersion,
    string LatestVersion,
    string DefaultVersion,
    string SessionType,
    string? Description,
    JsonObject Inputs,
    IReadOnlyDictionary<string, DocumentParameter> Parameters,
    JsonObject Properties,
    IReadOnlyList<string>? AllowedDestinations,
    string Content,
    DateTimeOffset CreatedDate)
{
    public string? VersionName { get; init; }

    public IReadOnlyList<Identity.Tag> Tags { get; init; } = [];

    /// <summary>The preferences, for Standard_Stream documents (the preferences document).</summary>
    public SessionPreferences? Preferences { get; init; }

    public bool IsAwsOwned => Owner == DocumentOwners.Amazon;
}
