using System.Text.Json;
using IwmDesk.Data.Store;
using IwmDesk.Journal;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Journal;

/// <summary>
/// The hand-computed case of <see cref="JournalFixture"/>. Closes d0..d9: 100, 101, 99, 102, 102, 98, 100, 103, 104, 101.
/// <code>
/// call  as-of  h  dir      p_up  exit  r              hit                         up  (p_up − up)²
/// a     d0     1  Bullish  0.70  d1    +1/100         yes                         1   0.09
/// b     d0     5  Bearish  0.40  d5    −2/100         yes                         0   0.16
/// c     d2     1  Bullish  0.60  d3    +3/99          yes                         1   0.16
/// d     d2     5  Neutral  0.55  d7    +4/99 (4.04%)  no: band 0.5%·√5 = 1.118%   1   0.2025
/// e     d4     1  Bearish  0.45  d5    −4/102         yes                         0   0.2025
/// f     d4     5  Bullish  0.65  d9    −1/102         no                          0   0.4225
/// g     d3     1  Neutral  —     d4    0              yes: |0| &lt; 0.5%           —   —
/// h     d3     7  Bullish  0.80  d10   pending (no d10)
/// i     d8     1  Bearish  0.30  d9    −3/104         yes                         0   0.09
/// j     d8     1  Neutral  0.52  d9    −3/104         no                          0   0.2704
/// k     d9     1  Bullish  0.60  d10   pending
/// </code>
/// Hit rate over Bullish/Bearish = 5/6 (a b c e i of a b c e f i); Neutral in band 1/3; Brier over 8 calls with a p_up
/// = 1.5979 / 8 = 0.1997375; pending 2.
/// </summary>
public sealed class JournalScorerTests
{
    /// <summary>JSON numbers are rounded to 6 significant digits: half a unit of the 6th digit of a fraction is below this.</summary>
    private const double JsonPrecision = 1e-6;

    private const double Tolerance = 1e-12;

    private static readonly double MeanReturn = ((1.0 / 100) - (2.0 / 100) + (3.0 / 99) + (4.0 / 99) - (4.0 / 102) - (1.0 / 102) + 0 - (3.0 / 104) - (3.0 / 104)) / 9;

    private static JournalScore ScoreFixture()
    {
        var entries = JournalFixture.Runs().Select((r, i) => new JournalEntry(
            "r" + i, r.Kind, r.Mode, "t", r.AsOf, "v", r.DataSource, r.DataHash, r.RulesHash, 0, 0,
            [.. r.Calls.Select((c, k) => new JournalCallRow(k + 1, c.Source, JournalCall.NormalizeDirection(c.Direction), c.Probability, c.PUp, c.Horizon, c.Rules, c.Regime, c.Conviction))])).ToList();
        return JournalScorer.Score(entries, JournalFixture.Dates, JournalFixture.Closes);
    }

    private static void AssertOverall(ScoreLine o)
    {
        o.N.ShouldBe(9);
        o.Directional.ShouldBe(6);
        o.Hits.ShouldBe(5);
        o.HitRate.ShouldBe(5.0 / 6, Tolerance);
        o.Neutral.ShouldBe(3);
        o.NeutralHits.ShouldBe(1);
        o.NeutralHitRate.ShouldBe(1.0 / 3, Tolerance);
        o.BrierN.ShouldBe(8);
        o.Brier.ShouldBe(0.1997375, Tolerance);
        o.MeanReturn.ShouldBe(MeanReturn, Tolerance);
        o.Pending.ShouldBe(2);
    }

    [Fact]
    public void Score_HandComputedCase_ExactTotals()
    {
        AssertOverall(ScoreFixture().Overall);
    }

    [Fact]
    public void Score_HandComputedCase_Breakdowns()
    {
        var s = ScoreFixture();

        s.ByHorizon.Select(l => l.Key).ShouldBe(["1", "5", "7"]);
        var h1 = s.ByHorizon[0];
        (h1.N, h1.Directional, h1.Hits, h1.Neutral, h1.NeutralHits, h1.Pending).ShouldBe((6, 4, 4, 2, 1, 1));
        h1.Brier.ShouldBe((0.09 + 0.16 + 0.2025 + 0.09 + 0.2704) / 5, Tolerance);
        var h5 = s.ByHorizon[1];
        (h5.N, h5.Directional, h5.Hits, h5.HitRate).ShouldBe((3, 2, 1, 0.5));
        var h7 = s.ByHorizon[2];
        (h7.N, h7.Pending).ShouldBe((0, 1));
        double.IsNaN(h7.HitRate).ShouldBeTrue();

        s.ByCall.Select(l => (l.Key, l.N, l.Hits, l.NeutralHits, l.Pending)).ShouldBe(
            [("Bullish", 3, 2, 0, 2), ("Bearish", 3, 3, 0, 0), ("Neutral", 3, 0, 1, 0)]);

        s.ByRule.Select(l => (l.Key, l.N, l.Hits)).ShouldBe([("X", 2, 2), ("Y", 1, 1), ("none", 7, 3)]);
        s.ByRegime.Select(l => (l.Key, l.N, l.Directional, l.Hits)).ShouldBe([("crisis", 2, 2, 1), ("none", 7, 4, 4)]);
        s.ByRegime[0].MeanReturn.ShouldBe(((-4.0 / 102) - (1.0 / 102)) / 2, Tolerance);
        s.ByConviction.Select(l => (l.Key, l.N)).ShouldBe([("high", 2), ("none", 7)]);
    }

    [Fact]
    public void Score_HandComputedCase_CalibrationDeciles()
    {
        var c = ScoreFixture().Calibration;

        c.Count.ShouldBe(10);
        c.Select(b => b.N).ShouldBe([0, 0, 0, 1, 2, 2, 2, 1, 0, 0]);
        c[3].MeanPUp.ShouldBe(0.3, Tolerance);
        c[3].UpFrequency.ShouldBe(0);
        c[4].MeanPUp.ShouldBe(0.425, Tolerance); // b 0.40, e 0.45: both down
        c[4].UpFrequency.ShouldBe(0);
        c[5].MeanPUp.ShouldBe(0.535, Tolerance); // d 0.55 up, j 0.52 down
        c[5].UpFrequency.ShouldBe(0.5);
        c[6].MeanPUp.ShouldBe(0.625, Tolerance); // c 0.60 up, f 0.65 down
        c[6].UpFrequency.ShouldBe(0.5);
        c[7].UpFrequency.ShouldBe(1); // a 0.70 up
        double.IsNaN(c[0].MeanPUp).ShouldBeTrue();
    }

    [Fact]
    public void Score_NeutralBandWidened_NeutralCallInside()
    {
        // |r| of call d is 4.04%: inside a band of 2%·√5 = 4.47%; j's 2.88% inside 2%·√1? no.
        var entries = new List<JournalEntry>
        {
            new("r", JournalKind.Forecast, JournalMode.Live, "t", JournalFixture.Dates[2], "v", "real", "h", "r", 0, 0,
                [new JournalCallRow(1, "d", "Neutral", 0.55, 0.55, 5, [], null, null)]),
        };

        JournalScorer.Score(entries, JournalFixture.Dates, JournalFixture.Closes, new ScoreOptions { NeutralBand = 0.02 }).Overall.NeutralHits.ShouldBe(1);
        JournalScorer.Score(entries, JournalFixture.Dates, JournalFixture.Closes).Overall.NeutralHits.ShouldBe(0);
    }

    [Fact]
    public void ScoreStore_FixtureWrittenThroughJournal_SameNumbersAndJsonKeys()
    {
        using var store = MarketStore.Open(Path.Combine(TestData.TempDir(), "j.db"));
        JournalFixture.Fill(store);

        var result = JournalScoring.ScoreStore(store, new JournalStore(store).List());

        result.Runs.ShouldBe(6);
        result.SkippedOtherSource.ShouldBe(0);
        AssertOverall(result.Score.Overall);
        using var doc = JsonDocument.Parse(JournalRenderer.ScoreJson(result.Score, result.DataSource, result.Runs, result.SkippedOtherSource));
        var root = doc.RootElement;
        foreach (var key in new[] { "overall", "by_horizon", "by_call", "by_rule", "by_regime", "by_conviction", "calibration" })
            root.TryGetProperty(key, out _).ShouldBeTrue(key);
        var overall = root.GetProperty("overall");
        overall.GetProperty("n").GetInt32().ShouldBe(9);
        overall.GetProperty("hit_rate").GetDouble().ShouldBe(5.0 / 6, JsonPrecision); // JSON carries 6 significant digits (docs/terminal.md)
        overall.GetProperty("brier").GetDouble().ShouldBe(0.1997375, JsonPrecision);
        overall.GetProperty("mean_return").GetDouble().ShouldBe(MeanReturn, JsonPrecision);
        overall.GetProperty("pending").GetInt32().ShouldBe(2);
        root.GetProperty("by_horizon")[0].GetProperty("horizon").GetInt32().ShouldBe(1);
        root.GetProperty("by_rule")[0].GetProperty("rule").GetString().ShouldBe("X");
        root.GetProperty("calibration")[7].GetProperty("up_frequency").GetDouble().ShouldBe(1);
    }

    [Fact]
    public void ScoreStore_SampleRunsInRealStore_LeftOut()
    {
        using var store = MarketStore.Open(Path.Combine(TestData.TempDir(), "j.db"));
        JournalFixture.Fill(store);
        new JournalStore(store).Write(JournalFixture.Runs()[0] with { DataSource = "sample" });

        var result = JournalScoring.ScoreStore(store, new JournalStore(store).List());

        result.Runs.ShouldBe(6);
        result.SkippedOtherSource.ShouldBe(1);
        result.Score.Overall.N.ShouldBe(9);
    }
}
