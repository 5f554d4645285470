using System.Text;
using System.Text.Json.Nodes;
using Sekisho.Protocol.Mfa;
using Sekisho.Server.Identity;

namespace Sekisho.Server.Api.Iam;

public sealed partial class IamApi
{
    private void AddMfa()
    {
        Add("CreateVirtualMFADevice",
            (r, ct) => ValueTask.FromResult($"arn:aws:iam::{r.Account}:mfa{r.Str("Path") ?? "/"}{r.Req("VirtualMFADeviceName")}"),
            async (r, ct) =>
            {
                var created = await _identity.CreateVirtualMfaDeviceAsync(r.Account, r.Req("VirtualMFADeviceName"), r.Str("Path"), r.Tags(), ct).ConfigureAwait(false);
                // Blobs travel base64-encoded; the blob AWS returns is the Base32 text of the seed.
                var device = IamShapes.VirtualMfaDevice(created.Device, null);
                device["Base32StringSeed"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Base32.Encode(created.Seed)));
                return new JsonObject { ["VirtualMFADevice"] = device };
            });
        Add("EnableMFADevice", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.EnableMfaDeviceAsync(r.Account, r.Req("UserName"), r.Req("SerialNumber"), r.Req("AuthenticationCode1"), r.Req("AuthenticationCode2"), ct)
                .ConfigureAwait(false);
            return Empty();
        });
        Add("ResyncMFADevice", (r, ct) => UserArnAsync(r, r.Req("UserName"), ct), async (r, ct) =>
        {
            await _identity.ResyncMfaDeviceAsync(r.Account, r.Req("UserName"), r.Req("SerialNumber"), r.Req("AuthenticationCode1"), r.Req("AuthenticationCode2"), ct)
                .ConfigureAwait(false);
            return Empty();
        });
        Add("DeactivateMFADevice", UserResource, async (r, ct) =>
        {
            await _identity.DeactivateMfaDeviceAsync(r.Account, r.UserOrCaller(), r.Req("SerialNumber"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("DeleteVirtualMFADevice", (r, ct) => ValueTask.FromResult(r.Req("SerialNumber")), async (r, ct) =>
        {
            await _identity.DeleteVirtualMfaDeviceAsync(r.Account, r.Req("SerialNumber"), ct).ConfigureAwait(false);
            return Empty();
        });
        Add("ListMFADevices", UserResource, async (r, ct) =>
        {
            var user = r.UserOrCaller();
            var devices = await _identity.MfaDevicesForUserAsync(r.Account, user, ct).ConfigureAwait(false);
            return IamShapes.Paged("MFADevices", IdentityService.PageOf(devices, r.Str("Marker"), r.Int("MaxItems")), d => new JsonObject
            {
                ["UserName"] = d.UserName,
                ["SerialNumber"] = d.SerialNumber,
                ["EnableDate"] = JsonValue.Create(d.EnableDate ?? d.CreateDate),
            });
        });
        Add("ListVirtualMFADevices", Any, async (r, ct) =>
        {
            var page = await _identity.ListVirtualMfaDevicesAsync(r.Account, r.Str("AssignmentStatus"), r.Str("Marker"), r.Int("MaxItems"), ct).ConfigureAwait(false);
            var items = new List<JsonNode>();
            foreach (var d in page.Items)
            {
                UserRecord? user = null;
                if (d.UserName is { } name) user = await _identity.GetUserAsync(r.Account, name, ct).ConfigureAwait(false);
                items.Add(IamShapes.VirtualMfaDevice(d, user));
            }
            return IamShapes.Paged("VirtualMFADevices", new Page<JsonNode>(items, page.IsTruncated, page.Marker), n => n);
        });
    }
}
