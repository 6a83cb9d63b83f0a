using System.Text;

namespace IwmDesk.Testing;

/// <summary>
/// A small hand-made iShares holdings file in the real layout (UTF-8 BOM, 8 metadata lines, a line holding a
/// non-breaking space, the header on line 10, every field quoted, thousands separators, a blank line and legal text):
/// 13 equities (4 that the regional-bank rule picks, 3 Financials it leaves out) and 3 other rows.
/// </summary>
internal static class HoldingsFixture
{
    public const string Header =
        "Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date";

    /// <summary>The as-of date of <see cref="Text"/>.</summary>
    public static readonly DateOnly AsOf = new(2025, 12, 1);

    public const int Equities = 13;

    public const int Other = 3;

    /// <summary>(ticker, name, sector, asset class, market value, weight, quantity, price, location, exchange).</summary>
    public static readonly (string Ticker, string Name, string Sector, string Class, string Value, string Weight, string Quantity, string Price, string Location, string Exchange)[] Rows =
    [
        ("AAA", "ALPHA ENERGY SYSTEMS CORP", "Industrials", "Equity", "1,200,000.00", "12.00", "10,000.00", "120.00", "United States", "New York Stock Exchange Inc."),
        ("BBB", "BETA TECHNOLOGY INC", "Information Technology", "Equity", "1,000,000.00", "10.00", "20,000.00", "50.00", "United States", "NASDAQ"),
        ("CCC", "CASCADE BANCORP INC", "Financials", "Equity", "900,000.00", "9.00", "30,000.00", "30.00", "United States", "NASDAQ"),
        ("DDD", "DELTA THERAPEUTICS INC", "Health Care", "Equity", "800,000.00", "8.00", "40,000.00", "20.00", "United States", "NASDAQ"),
        ("EEE", "EASTERN RIVER BANKSHARES INC", "Financials", "Equity", "700,000.00", "7.00", "14,000.00", "50.00", "United States", "NASDAQ"),
        ("FFF", "FIRST LAKE FINANCIAL CORP", "Financials", "Equity", "600,000.00", "6.00", "12,000.00", "50.00", "United States", "NASDAQ"),
        ("GGG", "GAMMA RETAIL INC", "Consumer Discretionary", "Equity", "500,000.00", "5.00", "5,000.00", "100.00", "United States", "New York Stock Exchange Inc."),
        ("HHH", "HARBOR INSURANCE GROUP INC", "Financials", "Equity", "450,000.00", "4.50", "9,000.00", "50.00", "United States", "New York Stock Exchange Inc."),
        ("III", "IOTA MORTGAGE REIT INC", "Financials", "Equity", "400,000.00", "4.00", "40,000.00", "10.00", "United States", "New York Stock Exchange Inc."),
        ("JJJ", "JUNIPER UTILITIES CO", "Utilities", "Equity", "350,000.00", "3.50", "7,000.00", "50.00", "United States", "New York Stock Exchange Inc."),
        ("KKK", "KAPPA HOLDINGS INC", "Financials", "Equity", "300,000.00", "3.00", "3,000.00", "100.00", "Bermuda", "New York Stock Exchange Inc."),
        ("LLL", "LAMBDA INSTITUTION FOR SAVINGS", "Financials", "Equity", "250,000.00", "2.50", "1,000.00", "250.00", "United States", "NASDAQ"),
        ("-", "MU THERAPEUTICS CVR", "Health Care", "Equity", "1.00", "0.00", "1,000.00", "0.00", "United States", "NO MARKET (E.G. UNLISTED)"),
        ("XTSLA", "BLK CSH FND TREASURY SL AGENCY", "Cash and/or Derivatives", "Money Market", "200,000.00", "2.00", "200,000.00", "1.00", "United States", "-"),
        ("USD", "USD CASH", "Cash and/or Derivatives", "Cash", "100,000.00", "1.00", "100,000.00", "100.00", "United States", "-"),
        ("RTYZ5", "RUSSELL 2000 EMINI CME DEC 25", "Cash and/or Derivatives", "Futures", "0.00", "0.00", "10.00", "2,473.30", "-", "Chicago Mercantile Exchange"),
    ];

    /// <summary>The 8 metadata lines (line 1: the fund's name; line 2: the as-of date).</summary>
    public static string Metadata(string asOf = "Dec 01, 2025") =>
        "iShares Russell 2000 ETF\n"
        + $"Fund Holdings as of,\"{asOf}\"\n"
        + "Inception Date,\"May 22, 2000\"\n"
        + "Shares Outstanding,\"281,300,000.00\"\n"
        + "Stock,\"-\"\nBond,\"-\"\nCash,\"-\"\nOther,\"-\"\n";

    /// <summary>The quoted holdings lines, <paramref name="change"/> applied to each row first.</summary>
    public static string Body(Func<int, string[], string[]>? change = null)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Rows.Length; i++)
        {
            var r = Rows[i];
            string[] cells = [r.Ticker, r.Name, r.Sector, r.Class, r.Value, r.Weight, r.Value, r.Quantity, r.Price, r.Location, r.Exchange, "USD", "1.00", "USD", "-"];
            if (change is not null)
                cells = change(i, cells);
            sb.Append(string.Join(',', cells.Select(c => "\"" + c + "\""))).Append('\n');
        }

        return sb.ToString();
    }

    public const string Legal =
        "\u00a0\n\"The content contained herein is owned or licensed by BlackRock and/or its third-party information providers.\n"
        + "Holdings subject to change. See www.iShares.com for the most recent funds holdings.";

    /// <summary>The whole file, as iShares serves it (no line break after the legal text).</summary>
    public static string Text(string asOf = "Dec 01, 2025") => Metadata(asOf) + "\u00a0\n" + Header + "\n" + Body() + Legal;

    /// <summary>Writes <paramref name="text"/> (default <see cref="Text"/>) with a UTF-8 BOM; returns the path.</summary>
    public static string Write(string dir, string name = "IWM_holdings.csv", string? text = null)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text ?? Text(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }
}
