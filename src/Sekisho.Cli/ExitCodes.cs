namespace Sekisho.Cli;

/// <summary>Exit codes shared by every command: 0 success, 1 findings (denied, invalid), 2 bad input.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int BadInput = 2;
}
