using IwmDesk.Claims;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Claims;

/// <summary>The claims that read the store directly, on hand-made stores whose answer is known by construction.</summary>
public sealed class ClaimsAuditTests
{
    private static readonly DateOnly Start = new(2024, 1, 2);

    /// <summary>Weekdays from <see cref="Start"/>.</summary>
    private static List<DateOnly> Days(int n)
    {
        var list = new List<DateOnly>();
        for (var d = Start; list.Count < n; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                list.Add(d);
        }

        return list;
    }

    private static ClaimCheck OiClaim(Func<int, double> openInterest, Func<int, double> dailyReturn, int chainDays, int bars)
    {
        using var store = MarketStore.Open(Path.Combine(TestData.TempDir(), "oi.db"));
        var days = Days(Math.Max(bars, chainDays));
        using (var tx = store.BeginWrite())
        {
            var price = 100.0;
            var list = new List<DailyBar>();
            for (var i = 0; i < bars; i++)
            {
                price *= 1 + dailyReturn(i);
                list.Add(new DailyBar(days[i], price, price, price, price, price, 1e6));
            }

            tx.UpsertBars("IWM", list, DataOrigin.Real);
            for (var i = 0; i < chainDays; i++)
            {
                var quote = new OptionQuote(days[i].AddDays(30), OptionRight.Call, 100, openInterest(i), 0.2, 1, 1.1, 10, 0.5, 0.05);
                tx.UpsertChain(new OptionChainSnapshot("IWM", days[i], 100, [quote]), "test", DataOrigin.Real);
            }

            tx.Commit();
        }

        var panel = PanelBuilder.Build(store, new PanelOptions());
        return ClaimsAuditor.Run(store, panel, RuleSet.Default()).Claims.Single(c => c.Id == "oi_spikes_lead");
    }

    [Fact]
    public void OiSpikes_FollowedByLargeMoves_AreSupported()
    {
        // 150 chain days; every 12th day from day 12 the open interest jumps 50% (and falls back the next day), and the
        // 3 days after a jump move 3% a day against 0.1% otherwise.
        static bool Spike(int i) => i >= 12 && i % 12 == 0;
        var claim = OiClaim(
            i => Spike(i) ? 1500 : 1000,
            i => Enumerable.Range(1, 3).Any(k => Spike(i - k)) ? 0.03 : 0.001,
            chainDays: 150, bars: 160);
        claim.N.ShouldBe(149);
        claim.Measured.ShouldStartWith("12 spikes");
        claim.Verdict.ShouldBe(ClaimStatus.Supported);
    }

    [Fact]
    public void OiSpikes_WithoutLargerMoves_AreNotSupported()
    {
        static bool Spike(int i) => i >= 12 && i % 12 == 0;
        var claim = OiClaim(i => Spike(i) ? 1500 : 1000, _ => 0.001, chainDays: 150, bars: 160);
        claim.Verdict.ShouldBe(ClaimStatus.NotSupported);
    }

    [Fact]
    public void OiSpikes_WithoutBarsAfterTheChains_AreUntestable_AndSayWhy()
    {
        var claim = OiClaim(_ => 1000, _ => 0.001, chainDays: 30, bars: 20);
        claim.Verdict.ShouldBe(ClaimStatus.Untestable);
        claim.Reason.ShouldContain("the IWM bars end");
        claim.DataNeeded.ShouldNotBeNullOrWhiteSpace();
    }
}
