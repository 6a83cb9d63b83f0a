using IwmDesk.Data;
using System.CommandLine;
using System.Net;
using IwmDesk.Panel;
using IwmDesk.Reports;
using IwmDesk.Signals;

namespace IwmDesk.Cli.Commands;

/// <summary>
/// <c>iwmdesk serve [--port 5080] [--bind 127.0.0.1]</c>: the report's views live, with a date picker, and a JSON API,
/// on the loopback address unless --bind says otherwise. Ctrl+C stops it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 = any free port; the address is printed)", DefaultValueFactory = _ => 5080 };
        port.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !int.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
                return; // the parser reports the conversion error itself; reading the value would throw

            var v = r.GetValue(port);
            if (v is < 0 or > 65535)
                r.AddError($"--port: {v} is not a port (0–65535)");
        });
        var bind = new Option<string>("--bind") { Description = "Address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 = every interface)", DefaultValueFactory = _ => "127.0.0.1" };
        var rules = CommonOptions.Rules();
        var proxy = CommonOptions.GexProxy();
        var cmd = new Command("serve", "Serve the dashboard (the report's charts for any past day) and a JSON API on http://127.0.0.1:5080");
        foreach (var o in new Option[] { port, bind, rules, proxy })
            cmd.Options.Add(o);
        cmd.SetAction(async (parseResult, cancellationToken) =>
        {
            var address = Address(parseResult.GetValue(bind)!);
            var script = ChartAssets.Locate();
            _ = ChartAssets.Load(); // the version check, before anything listens
            var ruleSet = RuleSet.Load(parseResult.GetValue(rules));
            using var desk = CliDesk.Open(parseResult, new PanelOptions { GexProxy = parseResult.GetValue(proxy)! });
            _ = desk.Panel; // build once, before the first request
            var api = new DeskApi(desk, ruleSet, DashboardHost.ChartScriptPath);
            var output = CliOutput.Out(parseResult);
            var error = CliOutput.Error(parseResult);
            await using var app = DashboardHost.Build(api, script, address, parseResult.GetValue(port));
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                throw new IwmDeskException($"cannot listen on {address}:{parseResult.GetValue(port)}: {ex.Message}", ex, exitCode: 1);
            }

            var url = DashboardHost.Url(app);
            await output.WriteLineAsync($"iwmdesk dashboard on {url}  ({desk.Panel.DataSource.Text()} data; API under {url}api/; Ctrl+C stops)").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (!IPAddress.IsLoopback(address))
                await error.WriteLineAsync($"warning: listening on {address}, not only this machine: anyone who can reach it can read the desk").ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C (or the host stopping): fall through to a clean stop.
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(grace.Token).ConfigureAwait(false);
            await output.WriteLineAsync("stopped").ConfigureAwait(false);
            return 0;
        });
        return cmd;
    }

    /// <summary>The --bind value as an address ("localhost" = the IPv4 loopback).</summary>
    public static IPAddress Address(string bind)
    {
        if (string.Equals(bind, "localhost", StringComparison.OrdinalIgnoreCase))
            return IPAddress.Loopback;
        if (IPAddress.TryParse(bind, out var address))
            return address;
        throw new IwmDeskException($"--bind: '{bind}' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every interface)");
    }
}
