using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IwmDesk.Data;
using IwmDesk.Text;

namespace IwmDesk.Analysts;

/// <summary>The weight of one GICS sector in a holdings snapshot.</summary>
/// <param name="Sector">The GICS sector as the file names it.</param>
/// <param name="Members">Equity members in the sector.</param>
/// <param name="WeightPct">Sum of the members' <c>Weight (%)</c>, in percent of the fund.</param>
public sealed record HoldingsSectorWeight(string Sector, int Members, double WeightPct);

/// <summary>One equity member and its weight.</summary>
/// <param name="Ticker">The issuer's ticker.</param>
/// <param name="Name">The security name.</param>
/// <param name="Sector">The GICS sector.</param>
/// <param name="WeightPct">Weight in the fund, in percent.</param>
public sealed record MemberWeight(string Ticker, string Name, string Sector, double WeightPct);

/// <summary>
/// The estimated regional-bank share of the fund. An estimate: the holdings file has a GICS sector but no industry
/// column, so regional banks are picked from the Financials members by name (<see cref="HoldingsSummary.RegionalBankRule"/>).
/// </summary>
/// <param name="Names">Members the rule picked.</param>
/// <param name="WeightPct">Their summed weight, in percent of the fund.</param>
/// <param name="ShareOfFinancialsPct">Their weight as a percentage of the Financials sector's weight.</param>
/// <param name="Rule">The rule, in words.</param>
/// <param name="Largest">The five largest names picked.</param>
public sealed record RegionalBankEstimate(int Names, double WeightPct, double ShareOfFinancialsPct, string Rule, IReadOnlyList<MemberWeight> Largest)
{
    /// <summary>What the figure is: an estimate, and why.</summary>
    public const string EstimateNote =
        "estimate: the holdings file has a GICS sector but no industry column, so regional banks are picked by name from the Financials members (docs/methodology.md)";

    /// <summary>Always <see cref="EstimateNote"/>: the figure is an estimate.</summary>
    public string Note => EstimateNote;
}

/// <summary>
/// What a holdings snapshot says about the fund: member count, GICS sector weights, top-10 concentration and the
/// estimated regional-bank share (<c>iwmdesk holdings</c>; docs/holdings.md, docs/methodology.md).
/// </summary>
/// <param name="Fund">The fund, e.g. IWM.</param>
/// <param name="AsOf">The as-of date of the snapshot in force.</param>
/// <param name="Date">The date asked about (the snapshot is the latest with an as-of date on or before it).</param>
/// <param name="Members">Equity members.</param>
/// <param name="OtherRows">Non-equity rows (cash, money market, futures).</param>
/// <param name="EquityWeightPct">Sum of the equity weights, in percent.</param>
/// <param name="OtherWeightPct">Sum of the non-equity weights, in percent.</param>
/// <param name="Sectors">Sector weights of the equity members, largest first.</param>
/// <param name="Top10WeightPct">Sum of the ten largest equity weights, in percent.</param>
/// <param name="Top10">The ten largest equity members.</param>
/// <param name="RegionalBanks">The regional-bank estimate.</param>
/// <param name="Source">Where the snapshot came from (file name or URL).</param>
public sealed partial record HoldingsSummary(
    string Fund,
    DateOnly AsOf,
    DateOnly Date,
    int Members,
    int OtherRows,
    double EquityWeightPct,
    double OtherWeightPct,
    IReadOnlyList<HoldingsSectorWeight> Sectors,
    double Top10WeightPct,
    IReadOnlyList<MemberWeight> Top10,
    RegionalBankEstimate RegionalBanks,
    string? Source)
{
    /// <summary>The GICS sector regional banks belong to.</summary>
    public const string FinancialsSector = "Financials";

    /// <summary>The regional-bank rule, in words (docs/methodology.md measures it).</summary>
    public const string RegionalBankRule =
        "Financials equity members whose name contains BANK (BANK, BANKS, BANKSHARES, BANKING, BANKCORP), BANC, BANCORP, BANCORPORATION, BANCSHARES, "
        + "BANCSYSTEM or BANCFIRST, the word SAVINGS, FINANCIAL CORP or NATIONAL CORP; names with INSURANCE, MORTGAGE or the word REIT are left out";

    /// <summary>
    /// Summarises <paramref name="snapshot"/>. Weights are the file's <c>Weight (%)</c> (rounded to 0.01 by iShares), so
    /// sums carry that rounding; the top 10 are the largest weights, ties broken by market value.
    /// </summary>
    public static HoldingsSummary Of(HoldingsSnapshot snapshot, DateOnly? date = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var eq = snapshot.Equities;
        var sectors = eq.GroupBy(h => h.Sector, StringComparer.Ordinal)
            .Select(g => new HoldingsSectorWeight(g.Key, g.Count(), Sum(g.Select(h => h.WeightPct))))
            .OrderByDescending(s => s.WeightPct).ThenBy(s => s.Sector, StringComparer.Ordinal)
            .ToList();
        var top = Ranked(eq).Take(10).Select(Member).ToList();
        var financials = sectors.Find(s => s.Sector == FinancialsSector)?.WeightPct ?? 0;
        var banks = Ranked(eq.Where(IsRegionalBank)).ToList();
        var bankWeight = Sum(banks.Select(h => h.WeightPct));
        var estimate = new RegionalBankEstimate(
            banks.Count,
            bankWeight,
            financials > 0 ? Math.Round(100 * bankWeight / financials, 4) : double.NaN,
            RegionalBankRule,
            [.. banks.Take(5).Select(Member)]);
        return new HoldingsSummary(
            snapshot.Fund,
            snapshot.AsOf,
            date ?? snapshot.AsOf,
            eq.Count,
            snapshot.Other.Count,
            Sum(eq.Select(h => h.WeightPct)),
            Sum(snapshot.Other.Select(h => h.WeightPct)),
            sectors,
            Sum(top.Select(t => t.WeightPct)),
            top,
            estimate,
            snapshot.Source);
    }

    /// <summary>True when the regional-bank rule picks <paramref name="h"/> (an equity member of Financials named like a bank).</summary>
    public static bool IsRegionalBank(Holding h)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (!h.IsEquity || !string.Equals(h.Sector, FinancialsSector, StringComparison.OrdinalIgnoreCase))
            return false;
        var name = h.Name.ToUpperInvariant();
        return BankName().IsMatch(name) && !NotBankName().IsMatch(name);
    }

    /// <summary>The one-paragraph summary above the tables.</summary>
    public string Headline()
    {
        var sb = new StringBuilder();
        sb.Append(Fmt.Inv, $"{Fund} holdings as of {Fmt.D(AsOf)}");
        if (Date != AsOf)
            sb.Append(Fmt.Inv, $" (the snapshot in force on {Fmt.D(Date)})");
        sb.Append(Fmt.Inv, $": {Members:N0} equity members, {OtherRows} other rows (cash, money market, futures) weighing {Pct(OtherWeightPct)}.\n");
        sb.Append(Fmt.Inv, $"Top-10 weight: {Pct(Top10WeightPct)} of the fund.\n");
        sb.Append(Fmt.Inv, $"Regional banks (estimate): {Pct(RegionalBanks.WeightPct)} of the fund, {RegionalBanks.Names} names, {Fmt.N(RegionalBanks.ShareOfFinancialsPct, "0.0")}% of Financials; ");
        sb.Append("picked by name from the Financials members, since the file has no industry column (see docs/methodology.md).\n");
        return sb.ToString();
    }

    /// <summary>The sector weights, the top 10 and the regional-bank estimate, as Markdown tables.</summary>
    public string Tables()
    {
        var sb = new StringBuilder();
        sb.Append("| Sector | Members | Weight |\n|---|---:|---:|\n");
        foreach (var s in Sectors)
            sb.Append(Fmt.Inv, $"| {s.Sector} | {s.Members:N0} | {Pct(s.WeightPct)} |\n");
        sb.Append(Fmt.Inv, $"\nTop 10 ({Pct(Top10WeightPct)}):\n\n");
        sb.Append("| # | Ticker | Name | Sector | Weight |\n|---:|---|---|---|---:|\n");
        for (var i = 0; i < Top10.Count; i++)
        {
            var t = Top10[i];
            sb.Append(Fmt.Inv, $"| {i + 1} | {t.Ticker} | {t.Name} | {t.Sector} | {Pct(t.WeightPct)} |\n");
        }

        sb.Append(Fmt.Inv, $"\nRegional-bank estimate: {RegionalBanks.Names} names, {Pct(RegionalBanks.WeightPct)}; largest:\n\n");
        sb.Append("| Ticker | Name | Weight |\n|---|---|---:|\n");
        foreach (var b in RegionalBanks.Largest)
            sb.Append(Fmt.Inv, $"| {b.Ticker} | {b.Name} | {Pct(b.WeightPct)} |\n");
        sb.Append("\nRule (an estimate): ").Append(RegionalBankRule).Append(".\n");
        return sb.ToString();
    }

    private static string Pct(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    // Sums of two-decimal weights, rounded back to the file's precision plus two (so 5.85 prints as 5.85, not 5.8500000001).
    private static double Sum(IEnumerable<double> weights) => Math.Round(weights.Where(w => !double.IsNaN(w)).Sum(), 4);

    private static IEnumerable<Holding> Ranked(IEnumerable<Holding> rows) =>
        rows.OrderByDescending(h => double.IsNaN(h.WeightPct) ? double.MinValue : h.WeightPct)
            .ThenByDescending(h => double.IsNaN(h.MarketValue) ? double.MinValue : h.MarketValue)
            .ThenBy(h => h.Ticker, StringComparer.Ordinal);

    private static MemberWeight Member(Holding h) => new(h.Ticker, h.Name, h.Sector, h.WeightPct);

    [GeneratedRegex(@"BANK|BANC(ORP|ORPORATION|SHARES|SYSTEM|FIRST)?\b|\bSAVINGS\b|\bFINANCIAL CORP|\bNATIONAL CORP\b", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BankName();

    [GeneratedRegex(@"INSURANCE|MORTGAGE|\bREIT\b", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NotBankName();
}
