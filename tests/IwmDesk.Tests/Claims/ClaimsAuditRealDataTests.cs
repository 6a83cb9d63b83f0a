using System.Globalization;
using IwmDesk.Claims;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Claims;

/// <summary>
/// The claims audit on the real files, checked against figures recomputed here from the raw CSVs with no library code:
/// the 2023 IWM−SPY total-return gap from adjusted closes and the two dollar correlations of daily log returns.
/// </summary>
public sealed class ClaimsAuditRealDataTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly Lazy<(string Path, ClaimsAudit Audit)> Audit = new(() =>
    {
        var path = Path.Combine(TestData.TempDir(), "claims.db");
        using var store = MarketStore.Open(path);
        foreach (var f in new[] { "IWM_daily.csv", "SPY_daily.csv", "DXY_daily.csv", "VIX_History.csv" })
            DataImporter.ImportFile(store, TestData.Real(f));
        DataImporter.ImportFile(store, TestData.Real("holdings", "IWM_holdings_2025-11-05.csv"));
        foreach (var f in Directory.GetFiles(TestData.Real("earnings"), "earnings_calendar_*.json"))
            DataImporter.ImportFile(store, f);
        var panel = PanelBuilder.Build(store, new PanelOptions());
        return (path, ClaimsAuditor.Run(store, panel, RuleSet.Default()));
    });

    /// <summary>Date → (adj close or close) of a raw CSV, by header name.</summary>
    private static SortedDictionary<DateOnly, double> Read(string file, string column)
    {
        var lines = File.ReadLines(TestData.Real(file)).ToList();
        var header = lines[0].Split(',');
        var k = Array.IndexOf(header, column);
        k.ShouldBeGreaterThan(0, $"{file} has a {column} column");
        var result = new SortedDictionary<DateOnly, double>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f.Length <= k || !double.TryParse(f[k], NumberStyles.Float, Inv, out var v) || !(v > 0))
                continue;
            result[DateOnly.ParseExact(f[0], "yyyy-MM-dd", Inv)] = v;
        }

        return result;
    }

    [RealDataFact]
    public void Gap2023_MatchesTheRawAdjustedCloses()
    {
        var iwm = Read("IWM_daily.csv", "AdjClose");
        var spy = Read("SPY_daily.csv", "AdjClose");
        double Return(SortedDictionary<DateOnly, double> s) =>
            (s.Last(p => p.Key.Year == 2023).Value / s.Last(p => p.Key.Year == 2022).Value) - 1;
        var expected = Return(spy) - Return(iwm);

        var c = Audit.Value.Audit.Claims.Single(x => x.Id == "iwm_spy_gap_2023");
        c.Value!.Value.ShouldBe(expected, 1e-9);
        c.Period.ShouldBe("2022-12-30..2023-12-29");
        c.N.ShouldBe(iwm.Keys.Count(d => d.Year == 2023));
        // Public record: IWM +16.8%, SPY +26.2% in 2023 (total return): a gap near 9.4 pp, not more than 15.
        expected.ShouldBeInRange(0.08, 0.11);
        c.Verdict.ShouldBe(ClaimStatus.NotSupported);
    }

    [RealDataFact]
    public void DollarCorrelations_MatchAnIndependentRecomputation()
    {
        var iwm = Read("IWM_daily.csv", "AdjClose");
        var spy = Read("SPY_daily.csv", "AdjClose");
        var usd = Read("DXY_daily.csv", "Close");
        var dates = iwm.Keys.Where(d => spy.ContainsKey(d) && usd.ContainsKey(d)).ToArray();
        var a = new List<double>();
        var b = new List<double>();
        var y = new List<double>();
        for (var i = 1; i < dates.Length; i++)
        {
            a.Add(Math.Log(iwm[dates[i]] / iwm[dates[i - 1]]));
            b.Add(Math.Log(spy[dates[i]] / spy[dates[i - 1]]));
            y.Add(Math.Log(usd[dates[i]] / usd[dates[i - 1]]));
        }

        var expected = MathNet.Numerics.Statistics.Correlation.Pearson(a, y) - MathNet.Numerics.Statistics.Correlation.Pearson(b, y);
        var c = Audit.Value.Audit.Claims.Single(x => x.Id == "dollar_correlation");
        c.N.ShouldBe(a.Count);
        c.Value!.Value.ShouldBe(expected, 1e-9);
        c.Period.ShouldBe($"{dates[0]:yyyy-MM-dd}..{dates[^1]:yyyy-MM-dd}");
        c.Verdict.ShouldNotBe(ClaimStatus.Untestable);
    }

    [RealDataFact]
    public void HoldingsClaims_FromThe20251105Snapshot()
    {
        // PROVENANCE.md 6b, measured from the raw file: the ten largest equity weights sum to 5.85%; Financials 17.0%.
        var top = Audit.Value.Audit.Claims.Single(x => x.Id == "top10_weight");
        top.Value!.Value.ShouldBe(0.0585, 0.00005);
        top.Verdict.ShouldBe(ClaimStatus.NotSupported);
        top.Period.ShouldBe("as of 2025-11-05");
        var rb = Audit.Value.Audit.Claims.Single(x => x.Id == "regional_bank_share");
        rb.Value!.Value.ShouldBeLessThan(0.170); // a part of Financials
        rb.Verdict.ShouldBe(ClaimStatus.NotSupported); // an estimate near 7.5%, far below 15%
        rb.Source.ShouldContain("estimate");
    }

    [RealDataFact]
    public void RevisionsLead_NamesWhatTheSnapshotsSpan()
    {
        var c = Audit.Value.Audit.Claims.Single(x => x.Id == "revisions_lead");
        c.Verdict.ShouldBe(ClaimStatus.Untestable);
        c.N.ShouldBe(Directory.GetFiles(TestData.Real("earnings"), "earnings_calendar_*.json").Length);
        c.Period.ShouldBe("2025-11-07..2025-12-26");
        c.Reason.ShouldContain("span 7 weeks");
    }

    [RealDataFact]
    public void EveryClaimIsListed_WithAFigureOrWhatWouldTestIt()
    {
        var audit = Audit.Value.Audit;
        audit.Claims.Select(c => c.Id).ShouldBe(
        [
            "iwm_spy_gap_2023", "top10_weight", "regional_bank_share", "dollar_correlation", "revisions_lead", "oi_spikes_lead",
            "rule_negative_gex_and_high_vix", "rule_golden_setup", "rule_gex_turned_positive", "rule_gex_negative",
            "rule_bb_breakout_lower", "rule_rsi_extreme", "rule_darkpool_bullish",
        ]);
        foreach (var c in audit.Claims)
        {
            if (c.Verdict == ClaimStatus.Untestable)
                c.DataNeeded.ShouldNotBeNullOrWhiteSpace(c.Id);
            else
                (c.Measured.Length > 0 && c.N > 0).ShouldBeTrue(c.Id);
        }

        // A quoted figure inside its interval is "supported" only with an edge: the baseline inside the interval is not support.
        foreach (var c in audit.Claims.Where(c => c.Id.StartsWith("rule_", StringComparison.Ordinal) && c.Verdict == ClaimStatus.Supported))
            c.Measured.ShouldContain("edge: edge", customMessage: c.Id);
    }
}
