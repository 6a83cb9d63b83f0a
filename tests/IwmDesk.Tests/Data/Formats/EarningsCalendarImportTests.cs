using IwmDesk.Data;
using IwmDesk.Data.Formats;
using IwmDesk.Data.Store;

namespace IwmDesk.Tests.Data.Formats;

/// <summary>Alpha Vantage earnings-calendar snapshots (CSV and JSON), from small hand-made fixtures: the date rule, the store, broken input.</summary>
public sealed class EarningsCalendarImportTests : IDisposable
{
    private const string Csv = """
        symbol,name,reportDate,fiscalDateEnding,estimate,currency
        AAA,Alpha Co,2026-01-28,2025-12-31,1.25,USD
        BBB,"Beta, Inc",2026-02-03,2025-12-31,,USD
        CCC,Gamma,2026-01-15,2025-11-30,-0.10,USD
        """;

    private const string Json = """
        [{"symbol": "AAA", "name": "Alpha Co", "reportDate": "2026-01-28", "fiscalDateEnding": "2025-12-31", "estimate": "1.30", "currency": "USD"},
         {"symbol": "BBB", "name": "Beta, Inc", "reportDate": "2026-02-03", "fiscalDateEnding": "2025-12-31", "estimate": "0.50", "currency": "USD"},
         {"symbol": "CCC", "name": "Gamma", "reportDate": "2026-01-15", "fiscalDateEnding": "2025-11-30", "estimate": null, "currency": "USD", "extra": {"ignored": [1, 2]}}]
        """;

    private readonly MarketStore _store;
    private readonly string _dir;

    public EarningsCalendarImportTests() => _store = StoreTestKit.NewStore(out _dir);

    public void Dispose() => _store.Dispose();

    private FileImportResult Import(string name, string content, DateOnly? date = null) =>
        DataImporter.ImportFile(_store, StoreTestKit.Write(_dir, name, content), new ImportOptions() { SnapshotDate = date });

    private DataFormatException Fails(string name, string content, DateOnly? date = null) =>
        Should.Throw<DataFormatException>(() => Import(name, content, date));

    [Fact]
    public void Csv_DateFromFileName_StoresEveryRowWithNullEstimates()
    {
        var r = Import("earnings_calendar_2025-12-01.csv", Csv);

        r.Format.ShouldBe(DataFileFormat.EarningsCalendarCsv);
        r.StoredAs.ShouldBe("consensus snapshot 2025-12-01 (3 estimates)");
        r.Counts.ShouldBe(new UpsertCounts(3, 0, 0));
        _store.ConsensusSnapshotDates().ShouldBe([new DateOnly(2025, 12, 1)]);
        var rows = _store.LoadConsensusEstimates(new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 1));
        rows.Count.ShouldBe(3);
        rows[0].ShouldBe(new ConsensusEstimate(new DateOnly(2025, 12, 1), "AAA", "Alpha Co", new DateOnly(2026, 1, 28), new DateOnly(2025, 12, 31), 1.25, "USD"));
        rows[1].Name.ShouldBe("Beta, Inc");
        rows[1].Estimate.ShouldBeNull();
        rows[2].Estimate.ShouldBe(-0.10);
    }

    [Fact]
    public void Json_DateOption_WinsOverTheName_AndUnknownFieldsAreIgnored()
    {
        var r = Import("earnings_calendar_2025-12-01.json", Json, new DateOnly(2025, 12, 2));

        r.Format.ShouldBe(DataFileFormat.EarningsCalendarJson);
        _store.ConsensusSnapshotDates().ShouldBe([new DateOnly(2025, 12, 2)]);
        var rows = _store.LoadConsensusEstimates(DateOnly.MinValue, DateOnly.MaxValue);
        rows.Select(x => (x.Symbol, x.Estimate)).ShouldBe([("AAA", 1.30), ("BBB", 0.50), ("CCC", (double?)null)]);
    }

    [Fact]
    public void NoDate_NeitherOptionNorFileName_OneClearLine()
    {
        var ex = Fails("calendar.json", Json);

        ex.Message.ShouldBe($"{Path.Combine(_dir, "calendar.json")}: an earnings-calendar snapshot needs its date: pass --date YYYY-MM-DD or name the file ..._YYYY-MM-DD.json (or .csv)");
        ex.Message.ShouldNotContain("\n");
        _store.ConsensusSnapshotDates().ShouldBeEmpty();
    }

    [Fact]
    public void Reimport_SameFile_ChangesNothing_CorrectedFile_ReplacesTheSnapshot()
    {
        Import("earnings_calendar_2025-12-01.csv", Csv);
        var again = Import("earnings_calendar_2025-12-01.csv", Csv);
        again.Counts.ShouldBe(new UpsertCounts(0, 0, 3));
        again.Removed.ShouldBe(0);

        var corrected = Import("earnings_calendar_2025-12-01.csv", """
            symbol,name,reportDate,fiscalDateEnding,estimate,currency
            AAA,Alpha Co,2026-01-28,2025-12-31,1.20,USD
            CCC,Gamma,2026-01-15,2025-11-30,-0.10,USD
            """);
        corrected.Counts.ShouldBe(new UpsertCounts(0, 1, 1));
        corrected.Removed.ShouldBe(1);
        _store.LoadConsensusEstimates(DateOnly.MinValue, DateOnly.MaxValue).Select(x => x.Symbol).ShouldBe(["AAA", "CCC"]);
    }

    [Fact]
    public void Revisions_ConsecutiveSnapshots_ChangesOnly_NullIsNeverARevision()
    {
        Import("earnings_calendar_2025-12-01.csv", Csv);   // AAA 1.25, BBB null, CCC -0.10
        Import("earnings_calendar_2025-12-02.json", Json); // AAA 1.30 (up), BBB 0.50 (null→value: none), CCC null (value→null: none)
        Import("earnings_calendar_2025-12-03.csv", """
            symbol,name,reportDate,fiscalDateEnding,estimate,currency
            AAA,Alpha Co,2026-01-28,2025-12-31,1.10,USD
            BBB,"Beta, Inc",2026-02-03,2025-12-31,0.50,USD
            BBB,"Beta, Inc",2026-05-01,2026-03-31,0.70,USD
            CCC,Gamma,2026-01-15,2025-11-30,-0.20,USD
            """); // AAA down; BBB unchanged; BBB's new quarter has no predecessor; CCC null→value: none

        var revisions = ConsensusRevisions.Compute(_store.LoadConsensusEstimates(DateOnly.MinValue, DateOnly.MaxValue));

        revisions.Select(r => (r.Date.Day, r.Symbol, r.Direction)).ShouldBe([(2, "AAA", 1), (3, "AAA", -1)]);
        revisions[1].PreviousSnapshot.ShouldBe(new DateOnly(2025, 12, 2));
        revisions[1].From.ShouldBe(1.30);
        revisions[1].To.ShouldBe(1.10);
    }

    [Theory]
    [InlineData("bad-number_2025-12-01.csv", "symbol,name,reportDate,fiscalDateEnding,estimate,currency\nAAA,A,2026-01-02,2025-12-31,1.5,USD\nBBB,B,2026-01-02,2025-12-31,abc,USD\n",
        ":3: BBB: estimate 'abc' is not a number (or empty/null)")]
    [InlineData("bad-fiscal_2025-12-01.csv", "symbol,name,reportDate,fiscalDateEnding,estimate,currency\nAAA,A,2026-01-02,12/31/2025,1.5,USD\n",
        ":2: AAA: fiscalDateEnding '12/31/2025' is not a yyyy-MM-dd date")]
    [InlineData("bad-fields_2025-12-01.csv", "symbol,name,reportDate,fiscalDateEnding,estimate,currency\nAAA,A,2026-01-02,2025-12-31\n",
        ":2: expected 6 fields like the header, found 4")]
    [InlineData("dup_2025-12-01.csv", "symbol,name,reportDate,fiscalDateEnding,estimate,currency\nAAA,A,2026-01-02,2025-12-31,1,USD\nAAA,A,2026-01-02,2025-12-31,2,USD\n",
        ":3: AAA for the quarter ending 2025-12-31 appears again with different values")]
    [InlineData("bad-symbol_2025-12-01.csv", "symbol,name,reportDate,fiscalDateEnding,estimate,currency\n$$$,A,2026-01-02,2025-12-31,1,USD\n",
        ":2: symbol '$$$' is not a symbol")]
    [InlineData("trailing-comma_2025-12-01.json", "[{\"symbol\":\"A\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":\"1\"},\n{\"symbol\":\"B\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":\"1\",}]",
        ":2: after element 2: not valid JSON")]
    [InlineData("not-object_2025-12-01.json", "[{\"symbol\":\"A\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":\"1\"}, 42]",
        ":1: element 2: expected an object, found a number")]
    [InlineData("missing-field_2025-12-01.json", "[{\"symbol\":\"A\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":\"1\"},\n{\"symbol\":\"B\",\"estimate\":\"1\"}]",
        ":2: element 2: field 'fiscalDateEnding' is missing")]
    [InlineData("wrong-type_2025-12-01.json", "[{\"symbol\":\"A\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":[1]}]",
        ":1: element 1: field 'estimate' must be a string, a number or null, found an array")]
    [InlineData("bad-estimate_2025-12-01.json", "[{\"symbol\":\"A\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":\"n.a.\"}]",
        ":1: element 1, A: estimate 'n.a.' is not a number (or empty/null)")]
    [InlineData("unclosed_2025-12-01.json", "[{\"symbol\":\"A\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":\"1\"}",
        "not valid JSON")]
    [InlineData("deep_2025-12-01.json", "[{\"symbol\":\"A\",\"fiscalDateEnding\":\"2025-12-31\",\"estimate\":\"1\",\"x\":[[[[[1]]]]]}]",
        "not valid JSON")]
    public void BrokenFixture_OneLineNamingFileAndLineOrElement_NothingStored(string name, string content, string expected)
    {
        var ex = Fails(name, content);

        ex.Message.ShouldStartWith(Path.Combine(_dir, name));
        ex.Message.ShouldContain(expected);
        ex.Message.ShouldNotContain("\n");
        _store.ConsensusSnapshotDates().ShouldBeEmpty();
    }

    [Fact]
    public void JsonArrayWithoutCalendarFields_IsNotTakenForACalendar()
    {
        var ex = Fails("other_2025-12-01.json", "[{\"a\": 1}]");
        ex.Message.ShouldNotContain("earnings-calendar");
    }
}
