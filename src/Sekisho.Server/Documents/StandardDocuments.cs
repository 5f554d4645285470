namespace Sekisho.Server.Documents;

/// <summary>
/// The AWS-owned Session documents present in every account (owner Amazon, version 1, neither updatable nor
/// deletable), with the content AWS publishes, and the default content of an account's
/// <c>SSM-SessionManagerRunShell</c> preferences document (which the account owns and may update).
/// </summary>
public static class StandardDocuments
{
    public const string RunShell = "SSM-SessionManagerRunShell";
    public const string InteractiveCommand = "AWS-StartInteractiveCommand";
    public const string NonInteractiveCommand = "AWS-StartNonInteractiveCommand";
    public const string Ssh = "AWS-StartSSHSession";
    public const string PortForwarding = "AWS-StartPortForwardingSession";
    public const string PortForwardingToRemoteHost = "AWS-StartPortForwardingSessionToRemoteHost";

    /// <summary>When the AWS documents were "created", as DescribeDocument reports it (fixed so every replica agrees).</summary>
    public static readonly DateTimeOffset AwsCreatedDate = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string PortPattern = "^([1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";
    private const string LocalPortPattern = "^([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";

    /// <summary>The AWS-owned documents by name, content as JSON text.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aws = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [InteractiveCommand] = Command("InteractiveCommands", "Document to run single interactive command on an instance"),
        [NonInteractiveCommand] = Command("NonInteractiveCommands", "Document to run single non interactive command on an instance"),
        [Ssh] = $$$"""
            {
              "schemaVersion": "1.0",
              "description": "Document to start SSH session over Session Manager",
              "sessionType": "Port",
              "parameters": {
                "portNumber": {
                  "type": "String",
                  "description": "(Optional) Port number of SSH server on the instance",
                  "allowedPattern": "{{{PortPattern}}}",
                  "default": "22"
                }
              },
              "properties": {
                "portNumber": "{{ portNumber }}"
              }
            }
            """,
        [PortForwarding] = $$$"""
            {
              "schemaVersion": "1.0",
              "description": "Document to start port forwarding session over Session Manager",
              "sessionType": "Port",
              "parameters": {
                "portNumber": {
                  "type": "String",
                  "description": "(Optional) Port number of the server on the instance",
                  "allowedPattern": "{{{PortPattern}}}",
                  "default": "80"
                },
                "localPortNumber": {
                  "type": "String",
                  "description": "(Optional) Port number on local machine to forward traffic to. An open port is chosen at run-time if not provided",
                  "allowedPattern": "{{{LocalPortPattern}}}",
                  "default": "0"
                }
              },
              "properties": {
                "portNumber": "{{ portNumber }}",
                "type": "LocalPortForwarding",
                "localPortNumber": "{{ localPortNumber }}"
              }
            }
            """,
        [PortForwardingToRemoteHost] = $$$"""
            {
              "schemaVersion": "1.0",
              "description": "Document to start port forwarding session over Session Manager to a remote host",
              "sessionType": "Port",
              "parameters": {
                "portNumber": {
                  "type": "String",
                  "description": "(Optional) Port number of the server on the remote host",
                  "allowedPattern": "{{{PortPattern}}}",
                  "default": "80"
                },
                "localPortNumber": {
                  "type": "String",
                  "description": "(Optional) Port number on local machine to forward traffic to. An open port is chosen at run-time if not provided",
                  "allowedPattern": "{{{LocalPortPattern}}}",
                  "default": "0"
                },
                "host": {
                  "type": "String",
                  "description": "(Required) The hostname or IP address of the destination server",
                  "allowedPattern": "^[^,$^&\\(\\)!;'\"<>\\`{}\\[\\]\\|#=]{3,}$"
                }
              },
              "properties": {
                "portNumber": "{{ portNumber }}",
                "type": "LocalPortForwarding",
                "localPortNumber": "{{ localPortNumber }}",
                "host": "{{ host }}"
              }
            }
            """,
    };

    /// <summary>An account's preferences document before anyone updates it (AWS's defaults plus Sekisho's own settings).</summary>
    public const string DefaultRunShell = """
        {
          "schemaVersion": "1.0",
          "description": "Document to hold regional settings for Session Manager",
          "sessionType": "Standard_Stream",
          "inputs": {
            "s3BucketName": "",
            "s3KeyPrefix": "",
            "s3EncryptionEnabled": true,
            "cloudWatchLogGroupName": "",
            "cloudWatchEncryptionEnabled": true,
            "cloudWatchStreamingEnabled": true,
            "kmsKeyId": "",
            "runAsEnabled": false,
            "runAsDefaultUser": "",
            "idleSessionTimeout": "20",
            "maxSessionDuration": "",
            "shellProfile": {
              "windows": "",
              "linux": ""
            },
            "ssmUserSudo": false,
            "recordingRetentionDays": ""
          }
        }
        """;

    private static string Command(string sessionType, string description) => $$$"""
        {
          "schemaVersion": "1.0",
          "description": "{{{description}}}",
          "sessionType": "{{{sessionType}}}",
          "parameters": {
            "command": {
              "type": "String",
              "description": "The command to run on the instance"
            }
          },
          "properties": {
            "windows": {
              "commands": "{{ command }}",
              "runAsElevated": false
            },
            "linux": {
              "commands": "{{ command }}",
              "runAsElevated": false
            },
            "macos": {
              "commands": "{{ command }}",
              "runAsElevated": false
            }
          }
        }
        """;
}
