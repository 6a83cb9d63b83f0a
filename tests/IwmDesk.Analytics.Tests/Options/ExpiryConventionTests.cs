using IwmDesk.Analytics.Options;

namespace IwmDesk.Analytics.Tests.Options;

public sealed class ExpiryConventionTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 20);

    [Fact]
    public void YearsToExpiry_SameDay_UsesFloorOfOneTradingDay()
    {
        ExpiryConvention.YearsToExpiry(AsOf, AsOf).ShouldBe(1.0 / 252.0);
    }

    [Fact]
    public void YearsToExpiry_NextDay_OneCalendarDayIsBelowFloor_UsesFloor()
    {
        // 1/365 = 0.00274 < 1/252 = 0.00397
        ExpiryConvention.YearsToExpiry(AsOf, AsOf.AddDays(1)).ShouldBe(1.0 / 252.0);
    }

    [Fact]
    public void YearsToExpiry_ThirtyDays_IsCalendarDaysOver365()
    {
        ExpiryConvention.YearsToExpiry(AsOf, AsOf.AddDays(30)).ShouldBe(30.0 / 365.0);
    }

    [Fact]
    public void YearsToExpiry_CustomFloor_IsApplied()
    {
        ExpiryConvention.YearsToExpiry(AsOf, AsOf.AddDays(3), 0.02).ShouldBe(0.02);
    }

    [Fact]
    public void YearsToExpiry_NonPositiveFloor_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ExpiryConvention.YearsToExpiry(AsOf, AsOf, 0)).ParamName.ShouldBe("minYears");
    }
}
