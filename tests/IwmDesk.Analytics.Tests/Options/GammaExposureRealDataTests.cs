using System.Globalization;
using IwmDesk.Analytics.Options;
using IwmDesk.Testing;
using Xunit.Abstractions;

namespace IwmDesk.Analytics.Tests.Options;

/// <summary>Sanity checks of the GEX engine on real public chains in ../shared/data/real/options (never copied into the repo).</summary>
public sealed class GammaExposureRealDataTests(ITestOutputHelper output)
{
    [RealDataFact]
    public void Compute_IwmChain20260720_ResultIsSane()
    {
        var path = TestData.Real("options", "chains_csv", "IWM_chain_2026-07-20.csv");
        var (chain, spot, asOf) = ReadChainCsv(path);

        var result = GammaExposure.Compute(chain, spot, asOf);

        chain.Length.ShouldBeGreaterThan(1000);
        (result.ContractsUsed + result.Skipped.Total).ShouldBe(chain.Length);
        result.ContractsUsed.ShouldBeGreaterThan(100);
        double.IsFinite(result.TotalGexUsdPer1Pct).ShouldBeTrue();
        result.CallGexUsdPer1Pct.ShouldBeGreaterThan(0);
        result.PutGexUsdPer1Pct.ShouldBeLessThan(0);
        result.ProfileNetGexUsdPer1Pct.ShouldAllBe(v => double.IsFinite(v));
        if (result.ZeroGammaLevel is { } flip)
        {
            flip.ShouldBeGreaterThanOrEqualTo(result.ProfileLevels[0]);
            flip.ShouldBeLessThanOrEqualTo(result.ProfileLevels[^1]);
        }
        else
        {
            result.ZeroGammaCrossings.ShouldBe(0);
        }

        var strikes = chain.Select(c => c.Strike).ToHashSet();
        result.CallWall.ShouldNotBeNull();
        result.PutWall.ShouldNotBeNull();
        strikes.ShouldContain(result.CallWall.Value);
        strikes.ShouldContain(result.PutWall.Value);
        result.ByExpiry.Sum(e => e.Contracts).ShouldBe(result.ContractsUsed);
        result.VendorComparison.ShouldBeNull(); // the Yahoo-derived file has no gamma column values

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"IWM 2026-07-20 spot {spot}: rows {chain.Length}, used {result.ContractsUsed}, skipped {result.Skipped}; " +
            $"total {result.TotalGexUsdPer1Pct:N0} USD/1% (calls {result.CallGexUsdPer1Pct:N0}, puts {result.PutGexUsdPer1Pct:N0}); " +
            $"flip {result.ZeroGammaLevel?.ToString("F2", CultureInfo.InvariantCulture) ?? "none in range"} ({result.ZeroGammaCrossings} crossings); " +
            $"call wall {result.CallWall}, put wall {result.PutWall}"));
        foreach (var e in result.ByExpiry)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {e.Expiry:yyyy-MM-dd} T={e.YearsToExpiry:F4} n={e.Contracts} calls {e.CallGexUsdPer1Pct:N0} puts {e.PutGexUsdPer1Pct:N0}"));
        }
    }

    [RealDataFact]
    public void Compute_SpyQuotedata20230914_OurGammaCloseToCboeGamma()
    {
        // CBOE's own gammas (quotedata CSV, SPY, 2023-09-14 16:31 ET). r, q and CBOE's time convention are unknown to us,
        // so agreement is loose; a unit or formula error (×S, ×100, a dropped factor) would put the median far outside 25%.
        const double medianAbsTol = 0.25;
        var path = TestData.Real("options", "SPY_quotedata_2023-09-14_cboe.csv");
        var (chain, spot, asOf) = ReadCboeQuotedata(path);

        var result = GammaExposure.Compute(chain, spot, asOf, GexParameters.Default with { DividendYield = 0.015 });

        var cmp = result.VendorComparison.ShouldNotBeNull();
        cmp.ContractsCompared.ShouldBe(result.ContractsUsed);
        cmp.ContractsInRelativeStats.ShouldBeGreaterThan(1000);
        cmp.MedianAbsoluteRelativeDifference.ShouldBeLessThan(medianAbsTol);
        Math.Sign(cmp.VendorGammaTotalGexUsdPer1Pct).ShouldBe(Math.Sign(cmp.OurTotalGexUsdPer1Pct));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SPY 2023-09-14 spot {spot}: used {result.ContractsUsed}, compared {cmp.ContractsCompared} ({cmp.ContractsInRelativeStats} with both > 0); " +
            $"median rel diff {cmp.MedianRelativeDifference:P1}, median |rel diff| {cmp.MedianAbsoluteRelativeDifference:P1}; " +
            $"total ours {cmp.OurTotalGexUsdPer1Pct:N0}, CBOE {cmp.VendorGammaTotalGexUsdPer1Pct:N0} USD/1% ({cmp.TotalRelativeDifference:P1})"));
    }

    /// <summary>
    /// Minimal reader for data/real/options/chains_csv (header
    /// as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol,bid,ask,volume,delta,gamma; CRLF line ends).
    /// Empty cells become NaN. Not a production importer.
    /// </summary>
    private static (OptionContract[] Chain, double Spot, DateOnly AsOf) ReadChainCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        lines[0].TrimEnd('\r').ShouldBe("as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol,bid,ask,volume,delta,gamma");
        var chain = new List<OptionContract>();
        double spot = double.NaN;
        DateOnly asOf = default;
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            f.Length.ShouldBe(13, $"{path}: {line}");
            asOf = DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            spot = Num(f[2]);
            var kind = f[4] switch
            {
                "C" => OptionKind.Call,
                "P" => OptionKind.Put,
                _ => throw new FormatException($"{path}: type '{f[4]}'"),
            };
            chain.Add(new OptionContract(
                DateOnly.ParseExact(f[3], "yyyy-MM-dd", CultureInfo.InvariantCulture), kind, Num(f[5]), Num(f[6]), Num(f[7]), Num(f[12])));
        }

        return ([.. chain], spot, asOf);
    }

    /// <summary>
    /// Minimal reader for CBOE's quotedata CSV: line 2 holds "Last: &lt;spot&gt;", line 3 "Date: &lt;Month d, yyyy&gt; at …",
    /// line 4 the 22-column header, then one row per expiry and strike with calls left and puts right.
    /// </summary>
    private static (OptionContract[] Chain, double Spot, DateOnly AsOf) ReadCboeQuotedata(string path)
    {
        var lines = File.ReadAllLines(path);
        var lastField = lines[1].Split(',').Single(s => s.StartsWith("Last:", StringComparison.Ordinal));
        var spot = Num(lastField["Last:".Length..].Trim());
        var dateText = lines[2][(lines[2].IndexOf("Date: ", StringComparison.Ordinal) + 6)..lines[2].IndexOf(" at ", StringComparison.Ordinal)];
        var asOf = DateOnly.ParseExact(dateText, "MMMM d, yyyy", CultureInfo.InvariantCulture);
        lines[3].ShouldStartWith("Expiration Date,Calls,");
        var chain = new List<OptionContract>();
        foreach (var line in lines.Skip(4))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            f.Length.ShouldBe(22, $"{path}: {line}");
            var expiry = DateOnly.ParseExact(f[0], "ddd MMM d yyyy", CultureInfo.InvariantCulture);
            var strike = Num(f[11]);
            chain.Add(new OptionContract(expiry, OptionKind.Call, strike, Num(f[10]), Num(f[7]), Num(f[9])));
            chain.Add(new OptionContract(expiry, OptionKind.Put, strike, Num(f[21]), Num(f[18]), Num(f[20])));
        }

        return ([.. chain], spot, asOf);
    }

    private static double Num(string s) =>
        s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
