using System.Text.Json;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// The session preferences (Run As, idle timeout, ...) are the content of the SSM-SessionManagerRunShell document: an
/// administrator changes them with the AWS CLI by a new version made the default, as on AWS.
/// </summary>
public static class ShellPreferences
{
    public const string Document = "SSM-SessionManagerRunShell";

    /// <summary>Sets the preferences to <paramref name="content"/> (nothing when they already are).</summary>
    /// <param name="admin">runs the AWS CLI as an administrator and returns its JSON output</param>
    public static async Task SetAsync(Func<string[], Task<JsonElement>> admin, string content)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var current = await admin(["ssm", "get-document", "--name", Document]);
        if (current.GetProperty("Content").GetString() == content) return;
        var updated = await admin(["ssm", "update-document", "--name", Document, "--content", content, "--document-version", "$LATEST"]);
        var version = updated.GetProperty("DocumentDescription").GetProperty("DocumentVersion").GetString()!;
        await admin(["ssm", "update-document-default-version", "--name", Document, "--document-version", version]);
    }
}
