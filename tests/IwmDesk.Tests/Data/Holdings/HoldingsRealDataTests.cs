using System.Globalization;
using IwmDesk.Analysts;
using IwmDesk.Data.Formats;
using IwmDesk.Testing;

namespace IwmDesk.Tests.Data.Holdings;

/// <summary>
/// The real iShares IWM holdings file of 2025-11-05 (../shared/data/real/holdings, PROVENANCE.md §6b) imported and
/// summarised, checked against the published figures and against an independent parse done here: a plain split of
/// each quoted line on <c>","</c>, not the importer's parser.
/// </summary>
public sealed class HoldingsRealDataTests
{
    private const string File = "IWM_holdings_2025-11-05.csv";

    /// <summary>The holdings rows of the raw file: from the line after the header up to the first blank line.</summary>
    private static List<string[]> RawRows()
    {
        var lines = System.IO.File.ReadAllLines(TestData.Real("holdings", File));
        var header = Array.FindIndex(lines, l => l.StartsWith("Ticker,Name,Sector,Asset Class,", StringComparison.Ordinal));
        header.ShouldBe(9, "the header is on line 10");
        var rows = new List<string[]>();
        foreach (var line in lines.Skip(header + 1))
        {
            if (string.IsNullOrWhiteSpace(line))
                break;
            var cells = line.Trim()[1..^1].Split("\",\"");
            cells.Length.ShouldBe(15);
            rows.Add(cells);
        }

        return rows;
    }

    private static double Num(string s) => double.Parse(s.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [RealDataFact]
    public void Import_RealFile_MatchesAnIndependentParseAndThePublishedFigures()
    {
        using var store = StoreTestKit.NewStore(out _);
        var result = DataImporter.ImportFile(store, TestData.Real("holdings", File));
        result.Format.ShouldBe(DataFileFormat.IsharesHoldings);
        result.Counts.Added.ShouldBe(1967);
        var snapshot = store.HoldingsInForce("IWM", new DateOnly(2025, 11, 5)).ShouldNotBeNull();
        var s = HoldingsSummary.Of(snapshot);

        // Independent: the raw lines split here.
        var raw = RawRows();
        var equities = raw.Where(r => r[3] == "Equity").ToList();
        raw.Count.ShouldBe(1967);
        equities.Count.ShouldBe(1962);
        var top10 = Math.Round(equities.Select(r => Num(r[5])).OrderDescending().Take(10).Sum(), 4);
        var sectors = equities.GroupBy(r => r[2]).ToDictionary(g => g.Key, g => Math.Round(g.Sum(r => Num(r[5])), 4));

        s.AsOf.ShouldBe(new DateOnly(2025, 11, 5));
        s.Members.ShouldBe(equities.Count);
        (s.Members + s.OtherRows).ShouldBe(raw.Count);
        s.Top10WeightPct.ShouldBe(top10);
        s.Top10WeightPct.ShouldBe(5.85);
        s.Sectors.Count.ShouldBe(sectors.Count);
        foreach (var sector in s.Sectors)
            sector.WeightPct.ShouldBe(sectors[sector.Sector], 1e-9, sector.Sector);
        s.Sectors.Select(x => x.WeightPct).ShouldBeInOrder(SortDirection.Descending);

        // PROVENANCE.md §6b, to 0.1 pp.
        Math.Round(sectors["Financials"], 1).ShouldBe(17.0);
        Math.Round(sectors["Industrials"], 1).ShouldBe(18.1);
        Math.Round(sectors["Health Care"], 1).ShouldBe(16.9);
        Math.Round(sectors["Information Technology"], 1).ShouldBe(16.1);
        Math.Round(sectors["Consumer Discretionary"], 1).ShouldBe(9.2);

        // The regional-bank estimate, recomputed from the raw rows with the documented rule (docs/methodology.md).
        var banks = equities.Where(r => r[2] == "Financials" && IsBankName(r[1])).ToList();
        s.RegionalBanks.Names.ShouldBe(banks.Count);
        s.RegionalBanks.WeightPct.ShouldBe(Math.Round(banks.Sum(r => Num(r[5])), 4));
        s.RegionalBanks.Names.ShouldBe(196);
        s.RegionalBanks.WeightPct.ShouldBe(7.45);
    }

    // The rule written out as plain string tests (the library uses a regular expression).
    private static bool IsBankName(string name)
    {
        if (name.Contains("INSURANCE", StringComparison.Ordinal) || name.Contains("MORTGAGE", StringComparison.Ordinal)
            || name.Split(' ').Contains("REIT"))
        {
            return false;
        }

        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] bancWords = ["BANC", "BANCORP", "BANCORPORATION", "BANCSHARES", "BANCSYSTEM", "BANCFIRST"];
        return name.Contains("BANK", StringComparison.Ordinal)
            || words.Any(w => bancWords.Any(b => w.EndsWith(b, StringComparison.Ordinal)))
            || words.Contains("SAVINGS")
            || (" " + name).Contains(" FINANCIAL CORP", StringComparison.Ordinal)
            || words.Select((w, i) => i + 1 < words.Length && w == "NATIONAL" && words[i + 1] == "CORP").Any(x => x);
    }
}
