using IwmDesk.Reports;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Browser;

/// <summary>
/// What the browser tests need: Debian's Chromium (scripts/browser-up.sh installs it) and the chart library
/// (scripts/web-assets.sh). Outside CI a missing piece skips those tests with the command to run; with CI=true nothing
/// is skipped, so a missing piece fails them loudly.
/// </summary>
internal static class BrowserEnvironment
{
    /// <summary>The Chromium executable: IWMDESK_CHROMIUM, else /usr/bin/chromium, else /usr/bin/chromium-browser; null when none exists.</summary>
    public static string? Chromium
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("IWMDESK_CHROMIUM");
            if (!string.IsNullOrEmpty(env))
                return File.Exists(env) ? env : null;
            return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        }
    }

    /// <summary>True when running under CI (CI=true): never skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why tests needing the chart library are skipped, or null.</summary>
    public static string? ChartSkipReason =>
        InCi || ChartAssets.Find() is not null ? null
        : $"chart library not installed ({ChartAssets.RepoRelativePath}): run  bash scripts/web-assets.sh  (npm ci in web/)";

    /// <summary>Why browser tests are skipped, or null.</summary>
    public static string? BrowserSkipReason =>
        ChartSkipReason ?? (InCi || Chromium is not null ? null
            : "Chromium not found (/usr/bin/chromium): run  bash scripts/browser-up.sh  (apt-get install chromium) or set IWMDESK_CHROMIUM");

    /// <summary>Where screenshots go: TestResults/screenshots/ under the repository.</summary>
    public static string ScreenshotDir
    {
        get
        {
            var dir = Path.Combine(TestData.RepoRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}

/// <summary>A fact that needs the chart library (report, serve): skipped outside CI when it is not installed.</summary>
internal sealed class ChartFactAttribute : FactAttribute
{
    public ChartFactAttribute()
    {
        if (BrowserEnvironment.ChartSkipReason is { } reason)
            Skip = reason;
    }
}

/// <summary>A fact that needs Chromium and the chart library: skipped outside CI when either is missing.</summary>
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserEnvironment.BrowserSkipReason is { } reason)
            Skip = reason;
    }
}

/// <summary>A browser fact on the real data in ../shared: skipped when the data, Chromium or the chart library is missing.</summary>
internal sealed class RealDataBrowserFactAttribute : FactAttribute
{
    public RealDataBrowserFactAttribute()
    {
        if ((TestData.SkipReason ?? BrowserEnvironment.BrowserSkipReason) is { } reason)
            Skip = reason;
    }
}
