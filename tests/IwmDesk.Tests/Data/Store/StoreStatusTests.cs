using IwmDesk.Data;
using IwmDesk.Data.Store;

namespace IwmDesk.Tests.Data.Store;

public sealed class StoreStatusTests
{
    [Fact]
    public void CountGaps_OneMissingTradingDayAndAHolidayRow_CountsOnlyTheMissingDay()
    {
        // 2024-07-01..2024-07-08: trading days 1, 2, 3, 5, 8 (the 4th is a holiday). The series has the holiday and lacks the 3rd.
        DateOnly[] dates = [new(2024, 7, 1), new(2024, 7, 2), new(2024, 7, 4), new(2024, 7, 5), new(2024, 7, 8)];

        StoreStatus.CountGaps(dates).ShouldBe(1);
    }

    [Fact]
    public void CountGaps_BeforeCalendarStart_NotCounted()
    {
        DateOnly[] dates = [new(1985, 1, 2), new(1990, 1, 2), new(1990, 1, 3)];

        StoreStatus.CountGaps(dates).ShouldBe(0);
    }

    [Fact]
    public void Build_SeriesBehindAndAheadOfIwm_SignedLag()
    {
        using var store = StoreTestKit.NewStore(out var dir);
        using (var tx = store.BeginWrite())
        {
            tx.UpsertBars("IWM", [DailyBar.Value(new(2024, 7, 1), 1), DailyBar.Value(new(2024, 7, 8), 1)], DataOrigin.Real);
            tx.UpsertBars("DGS10", [DailyBar.Value(new(2024, 7, 2), 4)], DataOrigin.Real);
            tx.UpsertBars("VIX", [DailyBar.Value(new(2024, 7, 10), 12)], DataOrigin.Real);
            tx.Commit();
        }

        var status = StoreStatus.Build(store, new StoreLocation(Path.Combine(dir, "store.db"), StoreLocationSource.Option));

        status.IsEmpty.ShouldBeFalse();
        status.HoldsSample.ShouldBeFalse();
        status.Series.ShouldBe([
            new SeriesStatus("DGS10", DataOrigin.Real, new(2024, 7, 2), new(2024, 7, 2), 1, 0, 3),
            new SeriesStatus("IWM", DataOrigin.Real, new(2024, 7, 1), new(2024, 7, 8), 2, 3, 0),
            new SeriesStatus("VIX", DataOrigin.Real, new(2024, 7, 10), new(2024, 7, 10), 1, 0, -2),
        ]);
    }

    [Fact]
    public void Build_NoIwm_LagIsNull()
    {
        using var store = StoreTestKit.NewStore(out var dir);
        using (var tx = store.BeginWrite())
        {
            tx.UpsertBars("VIX", [DailyBar.Value(new(2024, 7, 10), 12)], DataOrigin.Real);
            tx.Commit();
        }

        StoreStatus.Build(store, new StoreLocation(dir, StoreLocationSource.Option)).Series.Single().LagBehindIwm.ShouldBeNull();
    }
}
