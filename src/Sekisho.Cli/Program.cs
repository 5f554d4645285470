using Sekisho.Cli;

StartupTrace.Mark("main");
return await CommandLine.RunAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
