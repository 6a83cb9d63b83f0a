using IwmDesk.Forecast;

namespace IwmDesk.Tests.Forecast;

public class CalibrationTests
{
    private static readonly DateOnly D = new(2024, 6, 3);

    /// <summary>300 calls that matured by D (raw 0.6, up 40% of the time) and, optionally, 300 that mature after D.</summary>
    private static List<CalibrationCall> History(bool laterUp)
    {
        var list = new List<CalibrationCall>();
        for (var i = 0; i < 300; i++)
        {
            var asOf = D.AddDays(-400 + i);
            list.Add(new CalibrationCall(asOf, 5, 0.6, asOf.AddDays(7), i % 5 < 2));
        }

        // Made before D but maturing after it, and made on or after D: both unknown at D's close.
        for (var i = 0; i < 300; i++)
            list.Add(new CalibrationCall(D.AddDays(-3 + (i % 10)), 5, 0.6, D.AddDays(1 + (i % 10)), laterUp));
        return list;
    }

    [Fact]
    public void CalibratedPUp_UsesOnlyOutcomesKnownByTheDate()
    {
        var (a, n) = ForecastCalibration.At(History(laterUp: true), 5, D, 0.6);
        var (b, m) = ForecastCalibration.At(History(laterUp: false), 5, D, 0.6);

        // The calls maturing after D change nothing: same fit, same count, the matured calls' 40% up rate.
        n.ShouldBe(m);
        n.ShouldBe(300);
        a.ShouldBe(b);
        a.ShouldBe(0.4, 1e-12);

        // A day later some of them have matured (all up in one history, all down in the other): now they count.
        var (c, k) = ForecastCalibration.At(History(laterUp: true), 5, D.AddDays(1), 0.6);
        var (d, _) = ForecastCalibration.At(History(laterUp: false), 5, D.AddDays(1), 0.6);
        k.ShouldBeGreaterThan(300);
        c.ShouldBeGreaterThan(d);
    }

    [Fact]
    public void CalibratedPUp_NeedsTwoHundredFiftyMaturedCalls_AtTheSameHorizon()
    {
        var history = History(laterUp: true).Take(249).ToList();
        var (p, n) = ForecastCalibration.At(history, 5, D, 0.6);
        n.ShouldBe(249);
        double.IsNaN(p).ShouldBeTrue();
        ForecastCalibration.At(History(laterUp: true), 1, D, 0.6).Matured.ShouldBe(0);
        ForecastCalibration.At(null, 5, D, 0.6).Matured.ShouldBe(0);
    }
}
