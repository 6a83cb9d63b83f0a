namespace IwmDesk.Config;

/// <summary>
/// Where the one config file lives (read by the model client and the fetcher): <c>IWMDESK_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/iwmdesk/config.json</c>, else <c>~/.config/iwmdesk/config.json</c> (on Windows
/// <c>%APPDATA%\iwmdesk\config.json</c>).
/// </summary>
public static class ConfigLocation
{
    /// <summary>Environment variable naming the config file.</summary>
    public const string Variable = "IWMDESK_CONFIG";

    /// <summary>The config file read when none is named: <c>IWMDESK_CONFIG</c>, else the per-user default.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        if (env(Variable) is { Length: > 0 } named)
            return named;
        if (OperatingSystem.IsWindows() && env("APPDATA") is { Length: > 0 } appData)
            return Path.Combine(appData, "iwmdesk", "config.json");
        if (env("XDG_CONFIG_HOME") is { Length: > 0 } xdg)
            return Path.Combine(xdg, "iwmdesk", "config.json");
        var home = env("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "iwmdesk", "config.json");
    }
}
