using IwmDesk.Data;
using IwmDesk.Data.Sample;
using static IwmDesk.Tests.Data.MarketStatistics;

namespace IwmDesk.Tests.Data;

public class SampleGeneratorTests
{
    // Named tolerances and targets (docs/sample-data.md).
    private const double MinAnnualVol = 0.20, MaxAnnualVol = 0.25;
    private const double MinExcessKurtosis = 1.0;
    private const double MinAbsAutocorrelationLag1 = 0.1;
    private const double MinVixCorrelation = -0.8, MaxVixCorrelation = -0.55;
    private const double MinKreBeta = 1.1, MaxKreBeta = 1.3;
    private const double MinSpyCorrelation = 0.8, MaxSpyCorrelation = 0.9;
    private const double MinDarkPoolShareInRange = 0.6, MinDarkPoolShareAbove15 = 0.02, MaxDarkPoolShareAbove15 = 0.35;
    private const double ChainGexRelativeTolerance = 0.01;
    private const double PriceTolerance = 1e-9;

    private static readonly SampleDataSet Sample = SampleGenerator.Generate();

    private static double[] Column(string symbol, Func<DailyBar, double> pick) => Sample.Bars(symbol).Select(pick).ToArray();

    private static double[] Closes(string symbol) => Column(symbol, b => b.Close);

    private static double[] Returns(string symbol) => LogReturns(Column(symbol, b => b.AdjClose));

    // ---- layout ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Generate_Default_CoversSevenYearsOfNyseTradingDaysToFixedEnd()
    {
        Sample.EndDate.ShouldBe(new DateOnly(2026, 10, 30));
        var expected = TradingCalendar.Days(new DateOnly(2019, 10, 31), new DateOnly(2026, 10, 30)).ToList();
        Sample.Dates.ShouldBe(expected);
        (Sample.EndDate.DayNumber - Sample.StartDate.DayNumber).ShouldBeGreaterThan(6 * 365);
        Sample.Dates.ShouldAllBe(d => TradingCalendar.IsTradingDay(d));
    }

    [Fact]
    public void Generate_EverySeries_HasOneBarPerTradingDay()
    {
        Sample.Series.Select(s => s.Symbol).ShouldBe(SampleSymbols.All);
        foreach (var s in Sample.Series)
            s.Bars.Select(b => b.Date).ShouldBe(Sample.Dates, s.Symbol);
        Sample.ShortVolume.Select(r => r.Date).ShouldBe(Sample.Dates);
    }

    [Fact]
    public void Generate_SingleValueSeries_CarryValueInCloseOnly()
    {
        foreach (var symbol in new[] { SampleSymbols.Dgs2, SampleSymbols.Dgs10, SampleSymbols.HighYieldOas, SampleSymbols.Dollar, SampleSymbols.IwmGex })
        {
            Sample.Bars(symbol).ShouldAllBe(b => double.IsFinite(b.Close) && double.IsNaN(b.Open) && double.IsNaN(b.Volume), symbol);
        }
    }

    [Fact]
    public void Generate_SameSeed_IsBitIdentical()
    {
        var again = SampleGenerator.Generate(new SampleOptions());
        Fingerprint(again).ShouldBe(Fingerprint(Sample));
        foreach (var s in Sample.Series)
            again.Bars(s.Symbol).ShouldBe(s.Bars, s.Symbol);
        again.ShortVolume.ShouldBe(Sample.ShortVolume);
        again.EarningsRevisions.ShouldBe(Sample.EarningsRevisions);
        again.OptionChain.Quotes.ShouldBe(Sample.OptionChain.Quotes);
    }

    [Fact]
    public void Generate_Default_MatchesRegressionFingerprint()
    {
        // A change here means the bundled sample changed: if on purpose, update this value and the numbers in
        // docs/sample-data.md (scripts/sample-stats.sh prints them).
        Fingerprint(Sample).ShouldBe(ExpectedFingerprint);
    }

    [Fact]
    public void Generate_OtherSeed_DiffersButKeepsAnchoredLastClose()
    {
        var other = SampleGenerator.Generate(new SampleOptions { Seed = 7 });
        Fingerprint(other).ShouldNotBe(Fingerprint(Sample));
        other.Bars(SampleSymbols.Iwm)[^1].Close.ShouldBe(Sample.Bars(SampleSymbols.Iwm)[^1].Close);
        other.Bars(SampleSymbols.Iwm)[0].Close.ShouldNotBe(Sample.Bars(SampleSymbols.Iwm)[0].Close);
    }

    [Fact]
    public void Generate_EndOnHoliday_EndsOnPreviousTradingDay()
    {
        var s = SampleGenerator.Generate(new SampleOptions { EndDate = new DateOnly(2025, 1, 1), Years = 6 });
        s.EndDate.ShouldBe(new DateOnly(2024, 12, 31));
        s.StartDate.ShouldBe(new DateOnly(2019, 1, 2)); // the window opens on 2019-01-01, a holiday
        s.Dates.ShouldAllBe(d => TradingCalendar.IsTradingDay(d));
        s.OptionChain.AsOf.ShouldBe(s.EndDate);
    }

    [Theory]
    [InlineData(1UL, 1, "2024-03-28")] // as of the Thursday before Good Friday: that week's expiry is the as-of day
    [InlineData(2UL, 6, "2026-10-30")]
    [InlineData(3UL, 30, "2026-10-30")]
    [InlineData(4UL, 10, "2012-10-31")] // ends on the day after the Sandy closure
    public void Generate_AnyWindow_ProducesFiniteConsistentData(ulong seed, int years, string end)
    {
        var s = SampleGenerator.Generate(new SampleOptions { Seed = seed, Years = years, EndDate = DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture) });
        s.Dates.Count.ShouldBeGreaterThan(years * 245);
        foreach (var series in s.Series)
        {
            series.Bars.ShouldAllBe(b => double.IsFinite(b.Close), series.Symbol);
            series.Bars.ShouldAllBe(b => double.IsNaN(b.Low) || (b.Low > 0 && b.Low <= Math.Min(b.Open, b.Close) && b.High >= Math.Max(b.Open, b.Close)), series.Symbol);
        }

        s.OptionChain.Quotes.ShouldAllBe(q => q.Expiry > s.EndDate && double.IsFinite(q.ImpliedVol) && double.IsFinite(q.Bid) && double.IsFinite(q.OpenInterest));
        s.ShortVolume.ShouldAllBe(r => r.ShortVolume > 0 && r.ShortVolume < r.TotalVolume);
        s.EarningsRevisions.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public void Generate_YearsOutOfRange_Throws(int years) =>
        Should.Throw<ArgumentOutOfRangeException>(() => SampleGenerator.Generate(new SampleOptions { Years = years }))
            .ParamName.ShouldBe("options");

    [Fact]
    public void Generate_WindowBefore1990_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => SampleGenerator.Generate(new SampleOptions { EndDate = new DateOnly(1995, 6, 30), Years = 7 }));

    [Fact]
    public void Bars_UnknownSymbol_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Sample.Bars("QQQ")).ParamName.ShouldBe("symbol");

    // ---- IWM, VIX, KRE, SPY, HYG: the statistics the brief sets ---------------------------------------------------

    [Fact]
    public void Iwm_AnnualisedVolatility_Between20And25Percent() =>
        AnnualisedVolatility(Returns(SampleSymbols.Iwm)).ShouldBeInRange(MinAnnualVol, MaxAnnualVol);

    [Fact]
    public void Iwm_Returns_AreFatTailed() => ExcessKurtosis(Returns(SampleSymbols.Iwm)).ShouldBeGreaterThan(MinExcessKurtosis);

    [Fact]
    public void Iwm_AbsoluteReturns_ClusterAcrossLags()
    {
        var r = Returns(SampleSymbols.Iwm);
        AbsAutocorrelation(r, 1).ShouldBeGreaterThan(MinAbsAutocorrelationLag1);
        AbsAutocorrelation(r, 5).ShouldBeGreaterThan(0.05);
        AbsAutocorrelation(r, 20).ShouldBeGreaterThan(0.0);
    }

    [Fact]
    public void Iwm_PriceVolumeAndDividendFactor_Realistic()
    {
        var iwm = Sample.Bars(SampleSymbols.Iwm);
        iwm[^1].Close.ShouldBeInRange(220, 250);
        var volumes = iwm.Select(b => b.Volume).Order().ToArray();
        volumes[volumes.Length / 2].ShouldBeInRange(20e6, 40e6);
        volumes.ShouldAllBe(v => v > 0 && v % 100 == 0);

        // AdjClose / Close: below 1 historically (≈ 1.2% a year of dividends), exactly 1 on the last day, never falling.
        var ratio = iwm.Select(b => b.AdjClose / b.Close).ToArray();
        ratio[0].ShouldBeInRange(0.90, 0.94);
        iwm[^1].AdjClose.ShouldBe(iwm[^1].Close);
        for (var i = 1; i < ratio.Length; i++)
            ratio[i].ShouldBeGreaterThanOrEqualTo(ratio[i - 1] - 1e-4, $"day {i}");
    }

    [Fact]
    public void Iwm_DividendExDates_AreQuarterly()
    {
        var iwm = Sample.Bars(SampleSymbols.Iwm);
        var steps = 0;
        for (var i = 1; i < iwm.Count; i++)
        {
            // The AdjClose factor steps up across an ex-date (rounding of AdjClose to 4 dp moves it by < 1e-4 otherwise).
            if ((iwm[i].AdjClose / iwm[i].Close) - (iwm[i - 1].AdjClose / iwm[i - 1].Close) > 1e-3)
                steps++;
        }

        steps.ShouldBeInRange(27, 29); // 7 years × 4
    }

    [Fact]
    public void Vix_Changes_MoveAgainstIwmReturns()
    {
        var c = Correlation(Returns(SampleSymbols.Iwm), Differences(Closes(SampleSymbols.Vix)));
        c.ShouldBeInRange(MinVixCorrelation, MaxVixCorrelation);
    }

    [Fact]
    public void Vix_Level_MeanRevertsInRealisticRange()
    {
        var vix = Closes(SampleSymbols.Vix);
        vix.Min().ShouldBeGreaterThan(8.5);
        vix.Max().ShouldBeInRange(40, 90);
        Mean(vix).ShouldBeInRange(16, 23);
        vix.Order().ElementAt(vix.Length / 2).ShouldBeInRange(14, 21);
    }

    [Fact]
    public void Kre_BetaToIwm_Between11And13() =>
        Beta(Returns(SampleSymbols.Kre), Returns(SampleSymbols.Iwm)).ShouldBeInRange(MinKreBeta, MaxKreBeta);

    [Fact]
    public void Kre_HasRegionalBankEpisode_FallingFarMoreThanIwm()
    {
        // Some window of at most 60 trading days where KRE falls ≥ 20% while IWM falls less than a third as much.
        var kre = Column(SampleSymbols.Kre, b => b.AdjClose);
        var iwm = Column(SampleSymbols.Iwm, b => b.AdjClose);
        var found = false;
        for (var i = 0; i < kre.Length && !found; i++)
        {
            for (var j = i + 1; j < Math.Min(i + 61, kre.Length); j++)
            {
                var kreMove = (kre[j] / kre[i]) - 1;
                var iwmMove = (iwm[j] / iwm[i]) - 1;
                if (kreMove <= -0.20 && iwmMove > kreMove / 3)
                {
                    found = true;
                    break;
                }
            }
        }

        found.ShouldBeTrue();
    }

    [Fact]
    public void Spy_CorrelatedWithIwm_WithLowerVolatility()
    {
        var spy = Returns(SampleSymbols.Spy);
        var iwm = Returns(SampleSymbols.Iwm);
        Correlation(spy, iwm).ShouldBeInRange(MinSpyCorrelation, MaxSpyCorrelation);
        AnnualisedVolatility(spy).ShouldBeLessThan(AnnualisedVolatility(iwm));
    }

    [Fact]
    public void Hyg_LowVolatility_FallsWhenSpreadsWiden()
    {
        var hyg = Returns(SampleSymbols.Hyg);
        AnnualisedVolatility(hyg).ShouldBeInRange(0.04, 0.12);
        Correlation(hyg, Differences(Closes(SampleSymbols.HighYieldOas))).ShouldBeLessThan(-0.3);
        Correlation(hyg, Returns(SampleSymbols.Iwm)).ShouldBeGreaterThan(0.3);
    }

    [Fact]
    public void AllPriceBars_OhlcConsistent()
    {
        foreach (var symbol in new[] { SampleSymbols.Iwm, SampleSymbols.Kre, SampleSymbols.Spy, SampleSymbols.Hyg, SampleSymbols.Vix })
        {
            foreach (var b in Sample.Bars(symbol))
            {
                b.Low.ShouldBeGreaterThan(0, $"{symbol} {b.Date}");
                b.Low.ShouldBeLessThanOrEqualTo(Math.Min(b.Open, b.Close), $"{symbol} {b.Date}");
                b.High.ShouldBeGreaterThanOrEqualTo(Math.Max(b.Open, b.Close), $"{symbol} {b.Date}");
            }
        }
    }

    // ---- macro series --------------------------------------------------------------------------------------------

    [Fact]
    public void Yields_RunAHikingCycle_WithAnInvertedStretch()
    {
        var y2 = Closes(SampleSymbols.Dgs2);
        var y10 = Closes(SampleSymbols.Dgs10);
        y2.Min().ShouldBeLessThan(0.5);
        y2.Max().ShouldBeGreaterThan(4.5);
        y2.Concat(y10).ShouldAllBe(y => y > 0 && y < 8);
        var run = 0;
        var longest = 0;
        for (var i = 0; i < y2.Length; i++)
        {
            run = y10[i] < y2[i] ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        longest.ShouldBeGreaterThan(120); // inverted for months, not a blip
        (y10[0] - y2[0]).ShouldBeGreaterThan(0); // and upward-sloping at the start
    }

    [Fact]
    public void HighYieldOas_WidensWithVix()
    {
        var oas = Closes(SampleSymbols.HighYieldOas);
        oas.Min().ShouldBeGreaterThan(2.2);
        oas.Max().ShouldBeInRange(5, 12);
        Correlation(oas, Closes(SampleSymbols.Vix)).ShouldBeGreaterThan(0.6);
    }

    [Fact]
    public void Dollar_StaysInBroadIndexRange() => Closes(SampleSymbols.Dollar).ShouldAllBe(v => v > 105 && v < 135);

    [Fact]
    public void IwmGex_NegativeMostlyWhenVixHigh()
    {
        var gex = Closes(SampleSymbols.IwmGex);
        var vix = Closes(SampleSymbols.Vix);
        var negative = vix.Where((_, i) => gex[i] < 0).ToArray();
        var positive = vix.Where((_, i) => gex[i] > 0).ToArray();
        Mean(negative).ShouldBeGreaterThan(Mean(positive) + 5);
        ((double)negative.Length / gex.Length).ShouldBeInRange(0.05, 0.5);
        var magnitude = gex.Select(Math.Abs).Order().ToArray();
        magnitude[magnitude.Length / 2].ShouldBeInRange(1e8, 1e9);
        magnitude[^1].ShouldBeLessThan(3e9);
    }

    // ---- FINRA short volume ---------------------------------------------------------------------------------------

    [Fact]
    public void ShortVolume_IsConsolidatedIwmRecords()
    {
        Sample.ShortVolume.ShouldAllBe(r => r.Symbol == "IWM" && r.Facility == "CNMS" && r.Market == "B,Q,N");
        Sample.ShortVolume.ShouldAllBe(r => r.ShortExemptVolume >= 0 && r.ShortExemptVolume <= r.ShortVolume && r.ShortVolume < r.TotalVolume);
    }

    [Fact]
    public void ShortVolume_TotalIsAFractionOfConsolidatedVolume()
    {
        var iwm = Sample.Bars(SampleSymbols.Iwm);
        var share = Sample.ShortVolume.Select((r, i) => r.TotalVolume / iwm[i].Volume).ToArray();
        share.ShouldAllBe(s => s >= 0.35 && s <= 0.67);
        share.Order().ElementAt(share.Length / 2).ShouldBeInRange(0.4, 0.6);
    }

    [Fact]
    public void ShortVolume_DarkPoolRatio_MostlyBetween1And16()
    {
        var ratio = Sample.ShortVolume.Select(r => DarkPoolRatio(r.ShortVolume, r.TotalVolume)).ToArray();
        ShareWithin(ratio, 1.0, 1.6).ShouldBeGreaterThan(MinDarkPoolShareInRange);
        ShareAbove(ratio, 1.5).ShouldBeInRange(MinDarkPoolShareAbove15, MaxDarkPoolShareAbove15);
    }

    // ---- earnings revisions ---------------------------------------------------------------------------------------

    [Fact]
    public void Revisions_OnePerSectorPerWeek_OnTheWeeksLastTradingDay()
    {
        var sectors = Sample.EarningsRevisions.Select(r => r.Sector).Distinct().ToArray();
        sectors.ShouldBe(["Financials", "Industrials", "Health Care", "Information Technology", "Consumer Discretionary", "Real Estate", "Energy"]);
        foreach (var week in Sample.EarningsRevisions.GroupBy(r => r.Date))
        {
            week.Count().ShouldBe(sectors.Length);
            TradingCalendar.IsTradingDay(week.Key).ShouldBeTrue();
            var monday = week.Key.AddDays(-(((int)week.Key.DayOfWeek + 6) % 7));
            if (week.Key != Sample.EndDate)
                TradingCalendar.Next(week.Key).ShouldBeGreaterThanOrEqualTo(monday.AddDays(7), $"{week.Key} is not the last trading day of its week");
        }

        Sample.EarningsRevisions.Count(r => r.Date.DayOfWeek == DayOfWeek.Friday).ShouldBeGreaterThan(Sample.EarningsRevisions.Count * 95 / 100);
    }

    [Fact]
    public void Revisions_SpikeInReportingSeasons()
    {
        // Reporting season peaks about five weeks after quarter end: the quarter's middle month is busy, its last month quiet.
        double Activity(Func<int, bool> month) =>
            Sample.EarningsRevisions.Where(r => month(r.Date.Month)).Average(r => r.Upgrades + r.Downgrades);
        (Activity(m => m % 3 == 2) / Activity(m => m % 3 == 0)).ShouldBeGreaterThan(2.0);
    }

    [Fact]
    public void Revisions_SomeSectorRunsDowngradesAboveTwoToOne()
    {
        var found = false;
        foreach (var sector in Sample.EarningsRevisions.GroupBy(r => r.Sector))
        {
            var weeks = sector.ToArray();
            for (var i = 3; i < weeks.Length; i++)
            {
                var up = weeks[(i - 3)..(i + 1)].Sum(w => w.Upgrades);
                var down = weeks[(i - 3)..(i + 1)].Sum(w => w.Downgrades);
                found |= down > 2 * up;
            }
        }

        found.ShouldBeTrue();
    }

    // ---- option chain ---------------------------------------------------------------------------------------------

    [Fact]
    public void Chain_IsTheLastDaysIwmSnapshot()
    {
        var chain = Sample.OptionChain;
        chain.Underlying.ShouldBe("IWM");
        chain.AsOf.ShouldBe(Sample.EndDate);
        chain.Spot.ShouldBe(Sample.Bars(SampleSymbols.Iwm)[^1].Close);
        chain.Quotes.ShouldAllBe(q => double.IsNaN(q.Delta) && double.IsNaN(q.Gamma));
        chain.Quotes.ShouldAllBe(q => q.Bid >= 0 && q.Ask > q.Bid && q.ImpliedVol > 0 && q.OpenInterest >= 0 && q.Volume >= 0);
    }

    [Fact]
    public void Chain_ExpiriesAndStrikes_LookLikeIwm()
    {
        var chain = Sample.OptionChain;
        var expiries = chain.Quotes.Select(q => q.Expiry).Distinct().Order().ToArray();
        expiries.Length.ShouldBeInRange(9, 12);
        (expiries[0].DayNumber - chain.AsOf.DayNumber).ShouldBeInRange(1, 7);
        (expiries[^1].DayNumber - chain.AsOf.DayNumber).ShouldBeInRange(300, 400);
        expiries.ShouldAllBe(e => TradingCalendar.IsTradingDay(e));

        var strikes = chain.Quotes.Where(q => q.Expiry == expiries[0]).Select(q => q.Strike).Distinct().Order().ToArray();
        strikes[0].ShouldBeLessThanOrEqualTo(0.72 * chain.Spot);
        strikes[^1].ShouldBeGreaterThanOrEqualTo(1.28 * chain.Spot);
        var nearMoney = strikes.Where(k => Math.Abs(k - chain.Spot) < 5).ToArray();
        nearMoney.Zip(nearMoney.Skip(1), (a, b) => b - a).ShouldAllBe(step => step == 1.0);
    }

    [Fact]
    public void Chain_ImpliedVol_HasPutSkew()
    {
        var chain = Sample.OptionChain;
        foreach (var expiry in chain.Quotes.Select(q => q.Expiry).Distinct())
        {
            var quotes = chain.Quotes.Where(q => q.Expiry == expiry).ToArray();
            double Iv(OptionRight right, double moneyness) =>
                quotes.Where(q => q.Right == right).MinBy(q => Math.Abs(q.Strike - (moneyness * chain.Spot)))!.ImpliedVol;
            Iv(OptionRight.Put, 0.9).ShouldBeGreaterThan(Iv(OptionRight.Put, 1.0), $"{expiry}");
            Iv(OptionRight.Put, 0.9).ShouldBeGreaterThan(Iv(OptionRight.Call, 1.1), $"{expiry}");
        }
    }

    [Fact]
    public void Chain_OpenInterest_PeaksNearTheMoneyAndAtRoundStrikes()
    {
        var chain = Sample.OptionChain;
        var monthly = chain.Quotes.Where(q => q.Expiry.Day is >= 15 and <= 21 && q.Expiry.DayOfWeek == DayOfWeek.Friday).Min(q => q.Expiry);
        var calls = chain.Quotes.Where(q => q.Expiry == monthly && q.Right == OptionRight.Call).ToArray();
        var peak = calls.MaxBy(q => q.OpenInterest)!;
        Math.Abs(peak.Strike / chain.Spot - 1).ShouldBeLessThan(0.08);

        var near = chain.Quotes.Where(q => q.Expiry == monthly && Math.Abs(q.Strike / chain.Spot - 1) < 0.06).ToArray();
        near.Where(q => q.Strike % 10 == 0).Average(q => q.OpenInterest)
            .ShouldBeGreaterThan(1.5 * near.Where(q => q.Strike % 5 != 0).Average(q => q.OpenInterest));
    }

    [Fact]
    public void Chain_Quotes_SatisfyPutCallParityWithinTheSpread()
    {
        var chain = Sample.OptionChain;
        var r = Sample.Bars(SampleSymbols.Dgs2)[^1].Close / 100.0;
        const double q = 0.012;
        var checkedPairs = 0;
        foreach (var call in chain.Quotes.Where(c => c.Right == OptionRight.Call && Math.Abs(c.Strike / chain.Spot - 1) < 0.03))
        {
            var put = chain.Quotes.Single(p => p.Right == OptionRight.Put && p.Expiry == call.Expiry && p.Strike == call.Strike);
            var t = (call.Expiry.DayNumber - chain.AsOf.DayNumber) / 365.0;
            var parity = (chain.Spot * Math.Exp(-q * t)) - (call.Strike * Math.Exp(-r * t));
            var mids = ((call.Bid + call.Ask) / 2) - ((put.Bid + put.Ask) / 2);
            Math.Abs(mids - parity).ShouldBeLessThanOrEqualTo((call.Ask - call.Bid + put.Ask - put.Bid) / 2 + 0.02, $"{call.Expiry} {call.Strike}");
            checkedPairs++;
        }

        checkedPairs.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void Chain_NaiveGex_EqualsLastIwmGexValue()
    {
        // Calls +, puts −; Black–Scholes gamma from the quoted IV with calendar days / 365, r = DGS2, q = 1.2%.
        var chain = Sample.OptionChain;
        var r = Sample.Bars(SampleSymbols.Dgs2)[^1].Close / 100.0;
        var gex = 0.0;
        foreach (var o in chain.Quotes)
        {
            var t = (o.Expiry.DayNumber - chain.AsOf.DayNumber) / 365.0;
            var gamma = SampleBlackScholes.Gamma(chain.Spot, o.Strike, t, r, 0.012, o.ImpliedVol);
            gex += (o.Right == OptionRight.Call ? 1 : -1) * gamma * o.OpenInterest * 100 * chain.Spot * chain.Spot * 0.01;
        }

        var target = Sample.Bars(SampleSymbols.IwmGex)[^1].Close;
        Math.Abs(gex / target - 1).ShouldBeLessThan(ChainGexRelativeTolerance);
    }

    // ---- building blocks ------------------------------------------------------------------------------------------

    [Fact]
    public void SampleRandom_Xoshiro256StarStar_MatchesReferenceVectors()
    {
        // Reference output of xoshiro256** for the state {1, 2, 3, 4} (Vigna's C implementation).
        var rng = new SampleRandom(1, 2, 3, 4);
        rng.NextUInt64().ShouldBe(11520UL);
        rng.NextUInt64().ShouldBe(0UL);
        rng.NextUInt64().ShouldBe(1509978240UL);
        rng.NextUInt64().ShouldBe(1215971899390074240UL);
    }

    [Fact]
    public void SampleRandom_SplitMix64_MatchesReferenceValue()
    {
        var x = 0UL;
        SampleRandom.SplitMix64(ref x).ShouldBe(0xE220A8397B1DCDAFUL);
    }

    [Fact]
    public void SampleRandom_Draws_HaveTheirMoments()
    {
        const int n = 200_000;
        const double tolerance = 0.02;
        var rng = new SampleRandom(42, 1);
        var normals = new double[n];
        var ts = new double[n];
        var uniformSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            normals[i] = rng.NextNormal();
            ts[i] = rng.NextStudentT(7);
            uniformSum += rng.NextDouble();
        }

        Mean(normals).ShouldBe(0, tolerance);
        Variance(normals).ShouldBe(1, tolerance);
        ExcessKurtosis(normals).ShouldBe(0, 0.1);
        Variance(ts).ShouldBe(1, tolerance);
        ExcessKurtosis(ts).ShouldBe(2, 0.6); // 6 / (ν − 4) for ν = 7
        (uniformSum / n).ShouldBe(0.5, tolerance);

        var small = Enumerable.Range(0, 20_000).Select(_ => (double)rng.NextPoisson(5)).ToArray();
        var large = Enumerable.Range(0, 20_000).Select(_ => (double)rng.NextPoisson(80)).ToArray();
        Mean(small).ShouldBe(5, 0.1);
        Variance(small).ShouldBe(5, 0.3);
        Mean(large).ShouldBe(80, 0.5);
        Variance(large).ShouldBe(80, 5);
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.841344746068542948585)]
    [InlineData(-1.96, 0.0249978951482204)]
    [InlineData(3.0, 0.998650101968369897)]
    [InlineData(-8.0, 6.22096057427178e-16)]
    public void NormalCdf_KnownValues(double x, double expected) =>
        SampleBlackScholes.NormalCdf(x).ShouldBe(expected, Math.Max(1e-14, expected * 1e-9));

    [Fact]
    public void BlackScholes_PutCallParityAndGammaByFiniteDifference()
    {
        const double s = 236.4, k = 240, t = 0.25, r = 0.037, q = 0.012, sigma = 0.22, h = 0.01;
        var call = SampleBlackScholes.Price(OptionRight.Call, s, k, t, r, q, sigma);
        var put = SampleBlackScholes.Price(OptionRight.Put, s, k, t, r, q, sigma);
        (call - put).ShouldBe((s * Math.Exp(-q * t)) - (k * Math.Exp(-r * t)), PriceTolerance);

        var fd = (SampleBlackScholes.Price(OptionRight.Call, s + h, k, t, r, q, sigma) - (2 * call)
            + SampleBlackScholes.Price(OptionRight.Call, s - h, k, t, r, q, sigma)) / (h * h);
        SampleBlackScholes.Gamma(s, k, t, r, q, sigma).ShouldBe(fd, 1e-5);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private const ulong ExpectedFingerprint = 11901672442800963044UL;

    /// <summary>An FNV-1a-style hash over the 64 bits of every value in the data set, in order.</summary>
    internal static ulong Fingerprint(SampleDataSet s)
    {
        var hash = 14695981039346656037UL;
        void Add(double v)
        {
            hash ^= (ulong)BitConverter.DoubleToInt64Bits(v);
            hash *= 1099511628211UL;
        }

        foreach (var series in s.Series)
        {
            foreach (var b in series.Bars)
            {
                Add(b.Date.DayNumber);
                Add(b.Open);
                Add(b.High);
                Add(b.Low);
                Add(b.Close);
                Add(b.AdjClose);
                Add(b.Volume);
            }
        }

        foreach (var r in s.ShortVolume)
        {
            Add(r.ShortVolume);
            Add(r.ShortExemptVolume);
            Add(r.TotalVolume);
        }

        foreach (var r in s.EarningsRevisions)
        {
            Add(r.Date.DayNumber);
            Add(r.Upgrades);
            Add(r.Downgrades);
        }

        foreach (var o in s.OptionChain.Quotes)
        {
            Add(o.Expiry.DayNumber);
            Add((double)o.Right);
            Add(o.Strike);
            Add(o.OpenInterest);
            Add(o.ImpliedVol);
            Add(o.Bid);
            Add(o.Ask);
            Add(o.Volume);
        }

        return hash;
    }
}
