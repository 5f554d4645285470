using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sekisho.Server.Credentials;
using Sekisho.Server.Hosting;
using Sekisho.Server.Identity;
using Sekisho.Server.Organization;
using Sekisho.Server.Storage;

namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho org</c>: the organization's accounts, OUs and service control policies, edited in the store.</summary>
public sealed class OrgCommands : ICommandGroup
{
    public string Name => "org";
    public string Summary => "manage the organization: accounts, OUs, service control policies";
    public string Usage => """
        usage: sekisho org create-account --data DIR --name NAME [--account-id 12DIGITS] [--ou OU]
               sekisho org create-ou --data DIR --name NAME [--parent OU]
               sekisho org put-scp --data DIR --name NAME --file POLICY.json
               sekisho org attach-scp --data DIR --name NAME --target TARGET
               sekisho org detach-scp --data DIR --name NAME --target TARGET
               sekisho org list --data DIR

          OU is an ou-... id, a unique OU name, or root (the default). TARGET is root, an OU, or an account id.
          New accounts and OUs get FullAWSAccess attached, as AWS Organizations does, and a new account gets
          the role OrganizationAccountAccessRole (AdministratorAccess, trusting the management account), the way
          into an account that has no users yet. SCPs apply to every
          account except the management account. Every command also takes --store POSTGRES when the server
          runs on PostgreSQL. A running server sees changes within two seconds.

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var sub = args[0];
        var a = sub switch
        {
            "create-account" => new Arguments(sub, args.Skip(1).ToList(), ["data", "store", "name", "account-id", "ou"], []),
            "create-ou" => new Arguments(sub, args.Skip(1).ToList(), ["data", "store", "name", "parent"], []),
            "put-scp" => new Arguments(sub, args.Skip(1).ToList(), ["data", "store", "name", "file"], []),
            "attach-scp" or "detach-scp" => new Arguments(sub, args.Skip(1).ToList(), ["data", "store", "name", "target"], []),
            "list" => new Arguments(sub, args.Skip(1).ToList(), ["data", "store"], []),
            _ => throw new CliException($"unknown subcommand '{sub}' (see 'sekisho org --help')"),
        };
        if (a.Positional.Count > 0) throw new CliException($"{sub}: unexpected argument '{a.Positional[0]}'");
        var data = Path.GetFullPath(a.Required("data"));
        if (!Directory.Exists(data)) throw new CliException($"{sub}: {data} does not exist (run 'sekisho server init --data {data}')");
        var time = TimeProvider.System;
        var store = await DataFolder.OpenStoreAsync(data, a.Option("store"), time, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            var org = new OrganizationService(store, time);
            try
            {
                JsonNode output = sub switch
                {
                    "create-account" => await CreateAccountAsync(org, store, data, a, cancellationToken).ConfigureAwait(false),
                    "create-ou" => Json(await org.CreateOrganizationalUnitAsync(a.Required("name"), a.Option("parent"), cancellationToken).ConfigureAwait(false)),
                    "put-scp" => Json(await org.PutPolicyAsync(a.Required("name"), InputFiles.ReadText(a.Required("file"), console), cancellationToken).ConfigureAwait(false)),
                    "attach-scp" => await AttachAsync(org, a, attach: true, cancellationToken).ConfigureAwait(false),
                    "detach-scp" => await AttachAsync(org, a, attach: false, cancellationToken).ConfigureAwait(false),
                    _ => Json(await org.SnapshotAsync(cancellationToken).ConfigureAwait(false)),
                };
                await console.Out.WriteLineAsync(output.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).ConfigureAwait(false);
            }
            catch (OrganizationException e)
            {
                throw new CliException($"{sub}: {e.Message}");
            }
            catch (IamException e)
            {
                throw new CliException($"{sub}: {e.Error.Message}");
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>The account, and in it the OrganizationAccountAccessRole AWS Organizations creates, so the management account can reach it.</summary>
    private static async Task<JsonNode> CreateAccountAsync(OrganizationService org, IStore store, string data, Arguments a, CancellationToken cancellationToken)
    {
        var account = await org.CreateAccountAsync(a.Required("name"), a.Option("account-id"), a.Option("ou"), cancellationToken).ConfigureAwait(false);
        var management = (await org.SnapshotAsync(cancellationToken).ConfigureAwait(false)).Organization!.ManagementAccountId;
        var identity = new IdentityService(store, new MasterKeySecretProtector(MasterKey.Load(data)), new AspNetPasswordHasher(), TimeProvider.System);
        var role = await OrganizationAccountAccess.CreateRoleAsync(identity, account.Id, management, cancellationToken).ConfigureAwait(false);
        var output = Json(account);
        output["accessRoleArn"] = role.Arn;
        return output;
    }

    private static async Task<JsonNode> AttachAsync(OrganizationService org, Arguments a, bool attach, CancellationToken cancellationToken)
    {
        var name = a.Required("name");
        var target = a.Required("target");
        if (attach) await org.AttachPolicyAsync(name, target, cancellationToken).ConfigureAwait(false);
        else await org.DetachPolicyAsync(name, target, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["policy"] = name, ["target"] = target, ["attached"] = attach };
    }

    private static JsonNode Json<T>(T value) => JsonSerializer.SerializeToNode(value, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}
