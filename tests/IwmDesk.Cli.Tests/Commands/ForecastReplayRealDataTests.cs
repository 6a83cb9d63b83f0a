using System.Globalization;
using System.Text.Json;
using IwmDesk.Testing;
using Microsoft.Data.Sqlite;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// A 10-year forecast replay on the real files, made as a user would (<c>data import</c> of the real files, then
/// <c>forecast --replay</c>), built once for the class: <c>journal score</c> shows the skill against the base rate, and
/// no stored call contradicts its own P(up) and baseline. Reference figures (the raw Brier, the always-long hit rate)
/// are recomputed from IWM_daily.csv and the stored payloads, not from the scorer.
/// </summary>
public sealed class ForecastReplayRealDataTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Lazy<Task<Replayed>> Built = new(Build);

    private sealed record Replayed(string Store, DateOnly From, DateOnly To, JsonElement Summary);

    /// <summary>Imports the real files into a fresh SQLite store and replays the ten years ending on the last IWM bar.</summary>
    private static async Task<Replayed> Build()
    {
        var store = Path.Combine(TestData.TempDir(), "replay.db");
        var (ic, _, ie) = await Run(["--store", store, "data", "import", .. RealFiles.Trader()]);
        ic.ShouldBe(0, ie);

        var bars = IwmBars();
        var to = bars[^1].Date;
        var from = bars.First(b => b.Date >= to.AddYears(-10)).Date;
        var (rc, ro, re) = await Run(["--store", store, "forecast", "--replay", "--from", from.ToString("yyyy-MM-dd", Inv), "--format", "json"]);
        rc.ShouldBe(0, re);
        using var doc = JsonDocument.Parse(ro);
        return new Replayed(store, from, to, doc.RootElement.Clone());
    }

    [RealDataFact]
    public async Task Replay_CoversTenYears_AndMakesDirectionalCalls()
    {
        var r = await Built.Value;
        r.Summary.GetProperty("data_source").GetString().ShouldBe("real");
        r.Summary.GetProperty("from").GetString().ShouldBe(r.From.ToString("yyyy-MM-dd", Inv));
        r.Summary.GetProperty("to").GetString().ShouldBe(r.To.ToString("yyyy-MM-dd", Inv));
        var days = r.Summary.GetProperty("days").GetInt32();
        days.ShouldBeGreaterThan(2400); // ~252 trading days a year
        r.Summary.GetProperty("journaled").GetInt32().ShouldBe(days);

        // Without at least one Bullish or Bearish call the payload checks below could not fail.
        var calls = r.Summary.GetProperty("calls").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        calls.Where(kv => !kv.Key.EndsWith("Neutral", StringComparison.Ordinal)).Sum(kv => kv.Value).ShouldBeGreaterThan(0);
    }

    [RealDataFact]
    public async Task NoStoredCall_ContradictsItsPUpAndBaseline_OverEveryPayload()
    {
        var r = await Built.Value;
        var directional = 0;
        var payloads = 0;
        foreach (var (runId, payload, stored) in StoredForecasts(r.Store))
        {
            payloads++;
            using var doc = JsonDocument.Parse(payload);
            foreach (var (key, horizon) in new[] { ("tomorrow", 1), ("next_5_days", 5) })
            {
                var c = doc.RootElement.GetProperty(key);
                var call = c.GetProperty("call").GetString()!;
                c.GetProperty("horizon").GetInt32().ShouldBe(horizon);
                var where = $"run {runId} ({doc.RootElement.GetProperty("date").GetString()}) {key}";
                if (call == "Neutral")
                    continue;
                directional++;
                var pUp = c.GetProperty("p_up").GetDouble();
                var baseline = c.GetProperty("baseline_p_up").GetDouble();
                var margin = c.GetProperty("margin").GetDouble();
                margin.ShouldBeGreaterThan(0, where);
                if (call == "Bullish")
                {
                    pUp.ShouldBeGreaterThan(baseline, where);
                    (pUp - baseline).ShouldBeGreaterThanOrEqualTo(margin - 1e-6, where);
                    c.GetProperty("probability").GetDouble().ShouldBe(pUp, 1e-12, where);
                }
                else
                {
                    call.ShouldBe("Bearish", where);
                    pUp.ShouldBeLessThan(baseline, where);
                    (baseline - pUp).ShouldBeGreaterThanOrEqualTo(margin - 1e-6, where);
                    c.GetProperty("probability").GetDouble().ShouldBe(1 - pUp, 1e-6, where);
                }

                // The journal's call row says what the payload says.
                var row = stored.Single(s => s.Horizon == horizon);
                row.Direction.ShouldBe(call, where);
                row.PUp.ShouldNotBeNull(where);
                row.PUp!.Value.ShouldBe(pUp, 1e-6, where); // the payload keeps 6 significant digits
            }

            // Neutral rows agree with their payload too.
            foreach (var s in stored)
                s.Direction.ShouldBe(doc.RootElement.GetProperty(s.Horizon == 1 ? "tomorrow" : "next_5_days").GetProperty("call").GetString(), $"run {runId}");
        }

        payloads.ShouldBe(r.Summary.GetProperty("days").GetInt32());
        directional.ShouldBeGreaterThan(0);
    }

    [RealDataFact]
    public async Task JournalScore_PrintsTheBrierSkillScoreWithItsInterval_AndTheAlwaysLongHitRate()
    {
        var r = await Built.Value;
        var (code, printed, error) = await Run(["--store", r.Store, "journal", "score"]);
        code.ShouldBe(0, error);
        var text = System.Text.RegularExpressions.Regex.Replace(printed, @" *\r?\n *", " "); // the console wraps long lines
        foreach (var h in new[] { 1, 5 })
            text.ShouldMatch($@"Forecast {h}d: Brier skill score [+-]?\d+\.\d\d% \[95% [+-]?\d+\.\d\d% to [+-]?\d+\.\d\d%\] vs the base rate");
        text.ShouldMatch(@"Forecast 5d: .*hit rate \d+\.\d% vs always long \d+\.\d% on the same \d+ days\.");

        var (jc, json, je) = await Run(["--store", r.Store, "journal", "score", "--format", "json"]);
        jc.ShouldBe(0, je);
        using var doc = JsonDocument.Parse(json);
        var five = doc.RootElement.GetProperty("skill").EnumerateArray()
            .Single(k => k.GetProperty("kind").GetString() == "forecast" && k.GetProperty("horizon").GetInt32() == 5);
        var bss = five.GetProperty("brier_skill_score").GetDouble();
        var low = five.GetProperty("brier_skill_ci_low").GetDouble();
        var high = five.GetProperty("brier_skill_ci_high").GetDouble();
        low.ShouldBeLessThanOrEqualTo(bss + 1e-6);
        high.ShouldBeGreaterThanOrEqualTo(bss - 1e-6);
        high.ShouldBeGreaterThan(low); // a real interval from the block bootstrap, not a point
        var brier = five.GetProperty("brier").GetDouble();
        var climatology = five.GetProperty("climatology_brier").GetDouble();
        bss.ShouldBe(1 - (brier / climatology), 1e-4);

        // Independent recomputation: each stored 5-day call's P(up) against IWM's adjusted close in the raw CSV.
        var bars = IwmBars();
        var index = bars.Select((b, i) => (b.Date, i)).ToDictionary(x => x.Date, x => x.i);
        double sq = 0;
        int n = 0, directional = 0, up = 0;
        foreach (var (_, payload, _) in StoredForecasts(r.Store))
        {
            using var p = JsonDocument.Parse(payload);
            var t = index[DateOnly.ParseExact(p.RootElement.GetProperty("date").GetString()!, "yyyy-MM-dd", Inv)];
            if (t + 5 >= bars.Count)
                continue; // pending
            var c = p.RootElement.GetProperty("next_5_days");
            var wentUp = bars[t + 5].AdjClose > bars[t].AdjClose;
            var pUp = c.GetProperty("p_up").GetDouble();
            sq += (pUp - (wentUp ? 1 : 0)) * (pUp - (wentUp ? 1 : 0));
            n++;
            if (c.GetProperty("call").GetString() != "Neutral")
            {
                directional++;
                up += wentUp ? 1 : 0;
            }
        }

        five.GetProperty("n").GetInt32().ShouldBe(n);
        brier.ShouldBe(sq / n, 1e-5);
        five.GetProperty("directional").GetInt32().ShouldBe(directional);
        directional.ShouldBeGreaterThan(0);
        five.GetProperty("always_long_hit_rate").GetDouble().ShouldBe((double)up / directional, 1e-5);
        text.ShouldContain(string.Create(Inv, $"vs always long {100.0 * up / directional:0.0}% on the same {directional} days."));
    }

    /// <summary>IWM_daily.csv read directly: date and adjusted close, in file order.</summary>
    private static List<(DateOnly Date, double AdjClose)> IwmBars()
    {
        var lines = File.ReadAllLines(TestData.Real("IWM_daily.csv"));
        var header = lines[0].Split(',');
        int di = Array.IndexOf(header, "Date"), ai = Array.IndexOf(header, "AdjClose");
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(f => (DateOnly.ParseExact(f[di], "yyyy-MM-dd", Inv), double.Parse(f[ai], Inv)))];
    }

    /// <summary>Every forecast run in the store, read with plain SQL: its payload and its call rows.</summary>
    private static List<(string RunId, string Payload, List<(int Horizon, string Direction, double? PUp)> Calls)> StoredForecasts(string store)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        var calls = new Dictionary<string, List<(int, string, double?)>>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT run_id, horizon, direction, p_up FROM journal_calls";
            using var rd = cmd.ExecuteReader();
            while (rd.Read())
            {
                var id = rd.GetString(0);
                if (!calls.TryGetValue(id, out var list))
                    calls[id] = list = [];
                list.Add(((int)rd.GetInt64(1), rd.GetString(2), rd.IsDBNull(3) ? null : rd.GetDouble(3)));
            }
        }

        var runs = new List<(string, string, List<(int, string, double?)>)>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT run_id, payload FROM journal_runs WHERE kind = 'forecast' ORDER BY as_of";
            using var rd = cmd.ExecuteReader();
            while (rd.Read())
                runs.Add((rd.GetString(0), rd.GetString(1), calls.GetValueOrDefault(rd.GetString(0)) ?? []));
        }

        return runs;
    }

    private static async Task<(int Code, string Out, string Err)> Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
