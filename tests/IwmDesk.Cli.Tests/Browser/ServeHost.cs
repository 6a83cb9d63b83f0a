using System.Text;
using System.Text.RegularExpressions;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>
/// Runs the real <c>iwmdesk serve --port 0</c> in-process (CliApp, as from the command line) and reads the address it
/// prints; disposing cancels it as Ctrl+C does and checks that it stopped cleanly (exit code 0, "stopped").
/// </summary>
internal sealed partial class ServeHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LineWriter _output = new();
    private readonly StringWriter _error = new();
    private Task<int>? _run;

    public Uri Url { get; private set; } = null!;

    public string Output => _output.Text;

    public static async Task<ServeHost> StartAsync(string store, params string[] extra)
    {
        var host = new ServeHost();
        host._run = CliApp.RunAsync(["--store", store, "serve", "--port", "0", .. extra], host._output, TextWriter.Synchronized(host._error), host._stop.Token);
        var first = await Task.WhenAny(host._output.UrlLine.Task, host._run).WaitAsync(TimeSpan.FromSeconds(60));
        if (first == host._run)
            throw new InvalidOperationException($"serve exited with {await host._run}: {host._error}");
        host.Url = new Uri(UrlPattern().Match(await host._output.UrlLine.Task).Value);
        return host;
    }

    /// <summary>Stops the server as Ctrl+C does and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is { IsCompleted: false })
            await StopAsync();
        _stop.Dispose();
        _output.Dispose();
        await _error.DisposeAsync();
    }

    [GeneratedRegex(@"http://[^\s]+/", RegexOptions.ExplicitCapture)]
    private static partial Regex UrlPattern();

    /// <summary>A thread-safe writer that signals the first line carrying an http:// address.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _lock = new();

        public TaskCompletionSource<string> UrlLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_lock)
                    return _text.ToString();
            }
        }

        public override void Write(char value)
        {
            lock (_lock)
            {
                _text.Append(value);
                if (value == '\n')
                {
                    var all = _text.ToString().TrimEnd('\n', '\r');
                    var line = all[(all.LastIndexOf('\n') + 1)..];
                    if (line.Contains("http://", StringComparison.Ordinal))
                        UrlLine.TrySetResult(line);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? "")
                Write(c);
        }

        public override Task WriteLineAsync(string? value)
        {
            Write(value);
            Write('\n');
            return Task.CompletedTask;
        }

        public override Task FlushAsync() => Task.CompletedTask;
    }
}
