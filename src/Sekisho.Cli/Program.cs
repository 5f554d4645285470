using Sekisho.Cli;

return await CommandLine.RunAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
