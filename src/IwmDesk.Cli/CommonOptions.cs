using System.CommandLine;
using System.Globalization;

namespace IwmDesk.Cli;

/// <summary>Option factories shared by commands, so every command parses dates, formats and rules the same way.</summary>
internal static class CommonOptions
{
    /// <summary>A yyyy-MM-dd date option; a bad value is a parse error naming the option.</summary>
    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d;
            r.AddError($"{name}: '{token}' is not a date (expected YYYY-MM-DD)");
            return null;
        },
    };

    /// <summary>--format with the allowed values, the first being the default.</summary>
    public static Option<string> Format(params string[] allowed)
    {
        var o = new Option<string>("--format")
        {
            Description = "Output format: " + string.Join(", ", allowed),
            DefaultValueFactory = _ => allowed[0],
        };
        o.AcceptOnlyFromAmong(allowed);
        return o;
    }

    /// <summary>--rules FILE: the user's rules instead of the shipped ones.</summary>
    public static Option<string?> Rules() => new("--rules")
    {
        Description = "Rules file (YAML, see docs/rules.md); default: the shipped rules",
    };

    /// <summary>--gex-proxy SERIES: the series used for GEX where IWM has none.</summary>
    public static Option<string> GexProxy() => new("--gex-proxy")
    {
        Description = "Series used for GEX on days IWM has no GEX of its own (default SPX_GEX from DIX.csv)",
        DefaultValueFactory = _ => "SPX_GEX",
    };
}
