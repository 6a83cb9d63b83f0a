using IwmDesk.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
