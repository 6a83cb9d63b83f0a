using Microsoft.Playwright;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests, started on first use (Debian's chromium through Playwright's driver:
/// Playwright cannot download a browser of its own here), closed at the end.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser, launched on the first call.</summary>
    public async Task<IBrowser> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is not null)
                return _browser;
            var chromium = BrowserEnvironment.Chromium
                ?? throw new InvalidOperationException("Chromium not found (/usr/bin/chromium): run  bash scripts/browser-up.sh  or set IWMDESK_CHROMIUM");
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = Args,
                Timeout = 60_000,
            });
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
        _gate.Dispose();
    }
}

/// <summary>The report/serve tests share one browser and run one at a time (they also share the IWMDESK_CHART_JS variable).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
