using IwmDesk.Analytics.Options;

namespace IwmDesk.Analytics.Tests.Options;

public sealed class ExpiryConventionTests
{
    private static readonly DateOnly AsOf = new(2026, 7, 20);

    [Fact]
    public void YearsToExpiry_SameDayAtTheClose_UsesTheFifteenMinuteFloor()
    {
        ExpiryConvention.YearsToExpiry(AsOf, AsOf).ShouldBe(15.0 / (365 * 24 * 60));
    }

    [Fact]
    public void YearsToExpiry_NextDay_IsOneCalendarDay_NotStretchedToATradingDay()
    {
        ExpiryConvention.YearsToExpiry(AsOf, AsOf.AddDays(1)).ShouldBe(1.0 / 365.0, 1e-15);
    }

    [Fact]
    public void YearsToExpiry_ThirtyDays_IsCalendarDaysOver365()
    {
        ExpiryConvention.YearsToExpiry(AsOf, AsOf.AddDays(30)).ShouldBe(30.0 / 365.0, 1e-15);
    }

    [Fact]
    public void YearsToSettlement_IntradaySnapshot_CountsTheHoursToThe16hClose()
    {
        // 13:45 to 16:00 the same day is 2 h 15 min; to the next day's close 26 h 15 min.
        var at = AsOf.ToDateTime(new TimeOnly(13, 45));
        ExpiryConvention.YearsToSettlement(at, AsOf, false).ShouldBe(135.0 / (365 * 1440), 1e-15);
        ExpiryConvention.YearsToSettlement(at, AsOf.AddDays(1), false).ShouldBe(1575.0 / (365 * 1440), 1e-15);
    }

    [Fact]
    public void YearsToSettlement_AmSettled_EndsAtTheOpenOfTheExpiryDay()
    {
        // From Monday's close to Friday 09:30: 3 days 17 h 30 min = 5,370 minutes.
        var at = AsOf.ToDateTime(new TimeOnly(16, 0));
        ExpiryConvention.YearsToSettlement(at, AsOf.AddDays(4), true).ShouldBe(5370.0 / (365 * 1440), 1e-15);
    }

    [Fact]
    public void HasExpired_AtOrAfterSettlement_IsTrue_Before_IsFalse()
    {
        ExpiryConvention.HasExpired(AsOf.ToDateTime(new TimeOnly(16, 0)), AsOf, false).ShouldBeTrue();
        ExpiryConvention.HasExpired(AsOf.ToDateTime(new TimeOnly(19, 23)), AsOf, false).ShouldBeTrue();
        ExpiryConvention.HasExpired(AsOf.ToDateTime(new TimeOnly(15, 59)), AsOf, false).ShouldBeFalse();
        ExpiryConvention.HasExpired(AsOf.ToDateTime(new TimeOnly(9, 30)), AsOf, true).ShouldBeTrue();
        ExpiryConvention.HasExpired(AsOf.ToDateTime(new TimeOnly(9, 29)), AsOf, true).ShouldBeFalse();
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
