using System.Text.Json.Nodes;
using IwmDesk.Data.Sample;
using IwmDesk.Data.Store;
using IwmDesk.Forecast;
using IwmDesk.Journal;
using IwmDesk.Llm;
using IwmDesk.Panel;
using IwmDesk.Signals;
using IwmDesk.Testing;
using IwmDesk.Tests.Forecast;
using IwmDesk.Text;
using IwmDesk.Tests.Data.Store;

namespace IwmDesk.Tests.Journal;

public sealed class JournalStoreTests
{
    private static readonly DateTimeOffset Created = new(2026, 5, 4, 13, 30, 15, 123, TimeSpan.Zero);

    private static MarketStore NewStore() => MarketStore.Open(Path.Combine(TestData.TempDir(), "j.db"));

    private static JournalRun WorkflowRun() => new()
    {
        Kind = JournalKind.Workflow,
        CreatedAt = Created,
        AsOf = new DateOnly(2026, 5, 1),
        ToolVersion = "9.9.9+test",
        DataSource = "real",
        DataHash = "dh",
        RulesHash = "rh",
        Payload = """{"checklist":[1,2,3]}""",
        Steps =
        [
            new JournalStep
            {
                Step = "regime",
                Prompt = "What is the regime? VIX 31.2",
                Status = "ungrounded",
                Reason = "1 number not in the facts",
                Answer = new JsonObject { ["regime"] = "crisis", ["bias"] = "bearish" },
                ModelAnswer = new JsonObject { ["regime"] = "crisis" },
                Ungrounded = [new UngroundedNumber("narrative", "42")],
                PromptTokens = 120,
                CompletionTokens = 30,
                ModelCalls =
                [
                    new ModelCallRecord
                    {
                        Step = "regime", Attempt = 1, Model = "m", BaseUrl = "http://127.0.0.1:1/v1", ResponseMode = ResponseMode.JsonSchema,
                        Messages = [new ChatTurn("user", "What is the regime?")], StartedAt = Created, LatencyMs = 12.5, HttpRequests = 1,
                        RawReply = """{"regime":"crisis","narrative":"42"}""", ParsedAnswer = new JsonObject { ["regime"] = "crisis" },
                        Grounding = new GroundingReport(1, 0, [new UngroundedNumber("narrative", "42")]), PromptTokens = 60, CompletionTokens = 15,
                    },
                    new ModelCallRecord
                    {
                        Step = "regime", Attempt = 2, Model = "m", BaseUrl = "http://127.0.0.1:1/v1", ResponseMode = ResponseMode.JsonSchema,
                        Messages = [], StartedAt = Created, LatencyMs = 3, HttpRequests = 1, Error = "timeout",
                    },
                ],
            },
        ],
        Calls =
        [
            new JournalCall { Source = "regime", Direction = "bearish", Probability = null, PUp = null, Horizon = 5, Regime = "crisis", Conviction = "high", Rules = ["Negative_GEX_AND_High_VIX"] },
        ],
    };

    [Fact]
    public void Write_WorkflowRun_ReadsBackEverything()
    {
        using var store = NewStore();
        var journal = new JournalStore(store);

        var id = journal.Write(WorkflowRun());

        id.ShouldStartWith("20260504T133015123-");
        var d = journal.Show(id);
        var e = d.Entry;
        (e.Kind, e.Mode, e.CreatedAt, e.AsOf, e.ToolVersion, e.DataHash, e.RulesHash, e.StepCount, e.ModelCallCount)
            .ShouldBe((JournalKind.Workflow, JournalMode.Live, "2026-05-04T13:30:15.123Z", new DateOnly(2026, 5, 1), "9.9.9+test", "dh", "rh", 1, 2));
        var c = e.Calls.ShouldHaveSingleItem();
        (c.Source, c.Direction, c.Probability, c.PUp, c.Horizon, c.Regime, c.Conviction).ShouldBe(("regime", "Bearish", (double?)null, (double?)null, 5, "crisis", "high"));
        c.Rules.ShouldBe(["Negative_GEX_AND_High_VIX"]);
        d.Payload!["checklist"]!.AsArray().Count.ShouldBe(3);
        var s = d.Steps.ShouldHaveSingleItem();
        (s.Step, s.Status, s.Prompt, s.PromptTokens, s.CompletionTokens).ShouldBe(("regime", "ungrounded", "What is the regime? VIX 31.2", 120, 30));
        s.Answer!["bias"]!.GetValue<string>().ShouldBe("bearish");
        s.Ungrounded!.ToJsonString().ShouldContain("42");
        s.ModelCalls.Count.ShouldBe(2);
        s.ModelCalls[0].RawReply.ShouldBe("""{"regime":"crisis","narrative":"42"}""");
        s.ModelCalls[0].Grounding!["numbers_checked"]!.GetValue<int>().ShouldBe(1);
        s.ModelCalls[0].Record!["messages"]!.AsArray().Count.ShouldBe(1);
        s.ModelCalls[1].Error.ShouldBe("timeout");
        JournalRenderer.ShowMarkdown(d).ShouldContain("Raw reply:");
    }

    [Fact]
    public void Show_UniquePrefix_FindsRun_AmbiguousOrUnknown_ClearErrors()
    {
        using var store = NewStore();
        var journal = new JournalStore(store);
        var a = journal.Write(WorkflowRun() with { RunId = "abc-1" });
        journal.Write(WorkflowRun() with { RunId = "abc-2" });

        journal.Show("abc-1").Entry.RunId.ShouldBe(a);
        Should.Throw<IwmDeskException>(() => journal.Show("abc")).Message.ShouldBe("'abc' matches several runs (abc-1, abc-2, ...): give more of the id");
        Should.Throw<IwmDeskException>(() => journal.Show("zzz")).Message.ShouldBe("no journaled run 'zzz' (iwmdesk journal list shows the runs)");
        Should.Throw<IwmDeskException>(() => journal.Show("a%")).Message.ShouldStartWith("'a%' is not a run id");
    }

    [Fact]
    public void Write_FailsInsideTransaction_NothingOfTheRunStays()
    {
        using var store = NewStore();
        var journal = new JournalStore(store);
        var bad = WorkflowRun() with { Steps = [WorkflowRun().Steps[0] with { Status = "sort of" }] };

        Should.Throw<IwmDeskException>(() => journal.Write(bad)).Message.ShouldContain("cannot journal run");

        journal.Count().ShouldBe(0);
        Sql.Scalar(store.Connection, null, "SELECT COUNT(*) FROM journal_steps").ShouldBe(0);
        Sql.Scalar(store.Connection, null, "SELECT COUNT(*) FROM journal_calls").ShouldBe(0);
    }

    [Theory]
    [InlineData("sideways", "a call is Bullish, Bearish or Neutral, not 'sideways'")]
    public void Write_BadDirection_ArgumentError(string direction, string message)
    {
        using var store = NewStore();
        var run = WorkflowRun() with { Calls = [WorkflowRun().Calls[0] with { Direction = direction }] };

        Should.Throw<ArgumentOutOfRangeException>(() => new JournalStore(store).Write(run)).Message.ShouldStartWith(message);
    }

    [Fact]
    public void Write_ProbabilityOutsideUnitInterval_ArgumentError()
    {
        using var store = NewStore();
        var run = WorkflowRun() with { Calls = [WorkflowRun().Calls[0] with { PUp = 1.2 }] };

        Should.Throw<ArgumentOutOfRangeException>(() => new JournalStore(store).Write(run)).Message.ShouldContain("p_up must be a fraction in [0, 1], got 1.2");
    }

    [Fact]
    public void List_FromTo_FiltersOnAsOfDate()
    {
        using var store = NewStore();
        JournalFixture.Fill(store);
        var journal = new JournalStore(store);

        journal.List().Count.ShouldBe(6);
        journal.List(JournalFixture.Dates[2], JournalFixture.Dates[4]).Select(e => e.AsOf).ShouldBe([JournalFixture.Dates[2], JournalFixture.Dates[3], JournalFixture.Dates[4]]);
        journal.List(kind: JournalKind.Workflow).ShouldHaveSingleItem().AsOf.ShouldBe(JournalFixture.Dates[4]);
        JournalRenderer.ListCsv(journal.List()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 11);
    }

    [Fact]
    public void ForecastRun_OnSample_PayloadIsForecastJsonAndCallsCarryTier1Rules()
    {
        using var store = NewStore();
        SampleLoader.EnsureData(store);
        var panel = PanelBuilder.Build(store);
        var rules = RuleSet.Default();
        var f = ForecastRuns.Build(store, panel, rules, null);

        var id = new JournalStore(store).Write(ForecastRuns.ToRun(f, rules, panel, PanelHash.UpTo(panel, panel.Count - 1)));

        var d = new JournalStore(store).Show(id);
        d.Payload!.ToJsonString(JsonOutput.Options).ShouldBe(ForecastRenderer.Json(f));
        d.Entry.Calls.Select(c => (c.Source, c.Direction, c.Horizon)).ShouldBe([("tomorrow", f.Tomorrow.Call, 1), ("next_5_days", f.Next5Days.Call, 5)]);
        d.Entry.Calls[0].Rules.ShouldBe(f.ActiveSignals.Where(a => a.Tier == 1).Select(a => a.Name).Order(StringComparer.Ordinal));
        d.Entry.RulesHash.ShouldBe(rules.Hash);
        d.Entry.DataSource.ShouldBe("sample");
        d.Steps.ShouldHaveSingleItem().Prompt.ShouldBe(IwmDesk.Prompts.PromptLibrary.RenderQuant(panel, f, rules).Text);
        d.Entry.ToolVersion.ShouldStartWith("0.1.0");
    }

    [Fact]
    public void PanelHash_ChainEqualsUpTo_AndSameOnTruncatedStore()
    {
        var path = Path.Combine(TestData.TempDir(), "sample.db");
        using (var s = MarketStore.Open(path))
            SampleLoader.EnsureData(s);
        using var full = MarketStore.Open(path);
        var panel = PanelBuilder.Build(full);
        var chain = PanelHash.Chain(panel);
        var d = panel.Dates[^250];
        using var cut = MarketStore.Open(NoLookAheadTests.TruncatedCopy(path, d));
        var cutPanel = PanelBuilder.Build(cut);

        var i = panel.IndexOnOrBefore(d);
        PanelHash.UpTo(panel, i).ShouldBe(chain[i]);
        PanelHash.UpTo(cutPanel, cutPanel.Count - 1).ShouldBe(chain[i]);
        chain[i].Length.ShouldBe(64);
        chain[i + 1].ShouldNotBe(chain[i]);
    }

    [Fact]
    public void PanelHash_OneValueChanged_HashChangesFromThatRowOn()
    {
        var dates = new[] { new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 4) };
        FeaturePanel P(double x) => new(dates, new Dictionary<string, double[]> { ["close"] = [1, x, 3], ["vix"] = [double.NaN, 2, 2] }, ["", "", ""], isSample: false);

        var a = PanelHash.Chain(P(2));
        var b = PanelHash.Chain(P(2.0000001));

        a[0].ShouldBe(b[0]);
        a[1].ShouldNotBe(b[1]);
        a[2].ShouldNotBe(b[2]);
    }

    [Fact]
    public void Replay_EachRunEqualsSingleForecastOfThatDay()
    {
        using var store = NewStore();
        SampleLoader.EnsureData(store);
        var panel = PanelBuilder.Build(store);
        var rules = RuleSet.Default();
        var days = ReplayEngine.Days(panel, panel.Dates[^40], panel.Dates[^1]);
        var journal = new JournalStore(store);

        var summary = ReplayEngine.Run(JournalKind.Forecast, days, new ForecastReplay(store, panel, rules, days).Produce, journal);

        summary.Days.ShouldBe(40);
        summary.Journaled.ShouldBe(40);
        var runs = journal.List();
        runs.Count.ShouldBe(40);
        runs.ShouldAllBe(r => r.Mode == JournalMode.Replay && r.Calls.Count == 2);
        foreach (var k in new[] { 0, 17, 39 })
        {
            var d = days[k];
            var single = ForecastRuns.Build(store, panel, rules, d);
            var shown = journal.Show(runs[k].RunId);
            shown.Entry.AsOf.ShouldBe(d);
            shown.Payload!.ToJsonString(JsonOutput.Options).ShouldBe(ForecastRenderer.Json(single));
            shown.Entry.DataHash.ShouldBe(PanelHash.UpTo(panel, panel.IndexOnOrBefore(d)));
        }
    }

    [Fact]
    public void ReplayDays_EmptyRange_ClearError()
    {
        using var store = NewStore();
        SampleLoader.EnsureData(store);
        var panel = PanelBuilder.Build(store);

        Should.Throw<IwmDeskException>(() => ReplayEngine.Days(panel, new DateOnly(1990, 1, 1), new DateOnly(1990, 2, 1)))
            .Message.ShouldStartWith("no IWM trading day between 1990-01-01 and 1990-02-01 (data covers ");
    }
}

public sealed class JournalMigrationTests
{
    [Fact]
    public void Open_Version1Store_UpgradesToJournalSchemaKeepingData()
    {
        var path = Path.Combine(TestData.TempDir(), "v1.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            foreach (var sql in new[] { Migrations.CreateVersionTable }.Concat(Migrations.All[0].Statements).Append(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (1, 'v1', '2026-01-01T00:00:00Z')").Append(
                "INSERT INTO daily_series (series, date, close, origin) VALUES ('IWM', '2026-01-02', 200.5, 'real')"))
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.ExecuteNonQuery();
            }
        }

        using var store = MarketStore.Open(path);

        store.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion); // every step after 1, the journal's (2) included
        store.LoadSeries("IWM").Close.ShouldBe([200.5]);
        new JournalStore(store).Count().ShouldBe(0);
    }

    [Fact]
    public void Version5Store_MigratesTo6_OldRunsKeepANullRequestedDate()
    {
        var path = Path.Combine(TestData.TempDir(), "v5.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            var sql = LegacySchema.Version5WithOneRun();
            foreach (var s in sql)
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = s;
                cmd.ExecuteNonQuery();
            }
        }

        using var store = MarketStore.Open(path);
        store.SchemaVersion.ShouldBe(MarketStore.LatestSchemaVersion);
        var journal = new IwmDesk.Journal.JournalStore(store);
        var old = journal.List().Single();
        old.AsOf.ShouldBe(new DateOnly(2025, 9, 5));
        old.RequestedDate.ShouldBeNull();
        var id = journal.Write(new IwmDesk.Journal.JournalRun
        {
            Kind = IwmDesk.Journal.JournalKind.Forecast,
            AsOf = new DateOnly(2025, 9, 5),
            RequestedDate = new DateOnly(2025, 9, 6),
            DataSource = "real",
            DataHash = "dh",
            RulesHash = "rh",
            Payload = "{}",
            Calls = [],
        });
        journal.List().Single(e => e.RunId == id).RequestedDate.ShouldBe(new DateOnly(2025, 9, 6));
    }
}
