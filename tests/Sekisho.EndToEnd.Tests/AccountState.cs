using System.Text;
using System.Xml.Linq;
using Sekisho.Protocol.Signing;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// What an account holds, as its administrator reads it: every page of GetAccountAuthorizationDetails (users,
/// groups, roles, local managed policies with their documents, tags, attachments), every user's access keys
/// (id, status) and MFA devices, and the virtual MFA devices with their assignment. Two captures are equal when
/// nothing readable changed in between.
/// </summary>
public static class AccountState
{
    public static async Task<string> CaptureAsync(IamQuery iam, SigV4Credentials admin)
    {
        var state = new StringBuilder();
        string? marker = null;
        var users = new List<string>();
        do
        {
            var page = await iam.IamAsync(admin, "GetAccountAuthorizationDetails", marker is null ? [] : [("Marker", marker)]);
            var result = Result(page);
            state.AppendLine(result.ToString(SaveOptions.DisableFormatting));
            foreach (var detail in result.Descendants().Where(e => e.Name.LocalName == "UserDetailList").Elements())
                users.Add(detail.Elements().First(e => e.Name.LocalName == "UserName").Value);
            marker = Truncated(result) ? result.Elements().First(e => e.Name.LocalName == "Marker").Value : null;
        }
        while (marker is not null);

        foreach (var user in users)
        {
            var keys = await iam.IamAsync(admin, "ListAccessKeys", ("UserName", user), ("MaxItems", "1000"));
            state.Append(user).Append(" keys: ").AppendLine(Result(keys).ToString(SaveOptions.DisableFormatting));
            var devices = await iam.IamAsync(admin, "ListMFADevices", ("UserName", user), ("MaxItems", "1000"));
            state.Append(user).Append(" mfa: ").AppendLine(Result(devices).ToString(SaveOptions.DisableFormatting));
        }
        var virtualDevices = await iam.IamAsync(admin, "ListVirtualMFADevices", ("MaxItems", "1000"));
        state.Append("virtual mfa: ").AppendLine(Result(virtualDevices).ToString(SaveOptions.DisableFormatting));
        return state.ToString();
    }

    // The result element without ResponseMetadata (its request id differs on every call).
    private static XElement Result(IamQuery.Answer answer) =>
        answer.Xml.Root!.Elements().First(e => e.Name.LocalName.EndsWith("Result", StringComparison.Ordinal));

    private static bool Truncated(XElement result) =>
        result.Elements().FirstOrDefault(e => e.Name.LocalName == "IsTruncated")?.Value == "true";
}
