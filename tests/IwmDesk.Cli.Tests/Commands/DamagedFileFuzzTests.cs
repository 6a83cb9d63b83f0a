using System.Globalization;
using System.Text;
using IwmDesk.Testing;
using Xunit.Abstractions;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// A seeded fuzz test (issue 17): damaged copies of the real files (their first lines) and of the project's own
/// fixtures — bit flips, truncation, duplicated and dropped lines, swapped columns, huge numbers, control characters —
/// imported through the CLI into a store that already holds data. A fixed count and a fixed seed, so a failure is
/// reproducible from the case number it prints. Every case: no crash (exit 0 or 2, never a stack trace or the
/// "unexpected failure" line), no hang (30 s per case), and every refusal leaves the store file byte-identical.
/// </summary>
public sealed class DamagedFileFuzzTests(ITestOutputHelper log)
{
    private const int Seed = 17;
    private const int Cases = 360;
    private const int LinesPerRealFile = 300;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(30);

    private static readonly string Yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n"
        + "2024-01-02,196.1,197.5,194.2,195.0,194.1,31000000\n2024-01-03,194.0,195.2,192.3,193.1,192.2,29000000\n2024-01-04,193.2,196.0,193.0,195.8,194.9,30500000\n";

    private static readonly string Fred = "observation_date,DGS10\n2024-01-02,3.95\n2024-01-03,3.91\n2024-01-04,.\n2024-01-05,4.05\n";

    private static readonly string Finra = FakeMarketServer.FinraFile(new DateOnly(2024, 1, 2), ("IWM", 12_000_000, 10_000, 30_000_000), ("KRE", 2_000_000, 1_000, 5_000_000));

    private static readonly string Chain = "as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol,bid,ask,volume,delta,gamma\n"
        + "2024-01-02,IWM,195,2024-01-19,C,190,1200,0.21,6.1,6.3,100,0.7,0.03\n2024-01-02,IWM,195,2024-01-19,P,190,1500,0.23,1.1,1.2,90,-0.3,0.03\n"
        + "2024-01-02,IWM,195,2024-01-19,C,200,900,0.2,1.4,1.5,80,0.35,0.035\n2024-01-02,IWM,195,2024-01-19,P,200,1100,0.22,6.0,6.2,70,-0.65,0.035\n";

    private static readonly string Panel = "date,alpha,beta,gamma_x\n2024-01-02,1.5,2,-3\n2024-01-03,1.6,2.1,-2.9\n2024-01-04,,2.2,-2.8\n";

    private static async Task<(int Code, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error).WaitAsync(PerCase);
        return (code, error.ToString());
    }

    /// <summary>The files to damage: name (it names the series) and content.</summary>
    private static List<(string Name, string Text)> Bases()
    {
        var list = new List<(string, string)>
        {
            ("IWM_daily.csv", Yahoo), ("FRED_DGS10.csv", Fred), ("CNMSshvol20240102.txt", Finra), ("IWM_chain_2024-01-02.csv", Chain),
            ("panel.csv", Panel),
            ("IWM.json", FakeMarketServer.CboeChain(new DateTime(2024, 1, 2, 16, 15, 0), 195, new DateOnly(2024, 1, 19))),
            ("chart.json", FakeMarketServer.YahooChart("KRE", new YahooSeries([new YahooRow(new DateOnly(2024, 1, 2), "50", "51", "49", "50.5", "50.1", "1000")], true, true), 0, long.MaxValue, DateOnly.MaxValue)),
        };
        if (TestData.RealDataDir is not null)
        {
            foreach (var rel in new[] { "IWM_daily.csv", "VIX_History.csv", "DIX.csv", "FRED_DGS2.csv", "DXY_daily.csv", Path.Combine("finra", "CNMSshvol20211201.txt") })
            {
                var path = TestData.Real(rel);
                if (!File.Exists(path))
                    continue;
                var lines = File.ReadLines(path).Take(LinesPerRealFile).ToList();
                list.Add((Path.GetFileName(path), string.Join('\n', lines) + "\n"));
            }

            var chains = Directory.GetFiles(TestData.Real("options", "chains_csv"), "IWM_chain_????-??-??.csv").Order(StringComparer.Ordinal).FirstOrDefault();
            if (chains is not null)
                list.Add((Path.GetFileName(chains), string.Join('\n', File.ReadLines(chains).Take(LinesPerRealFile)) + "\n"));
        }

        return list;
    }

    private static readonly string[] Huge = ["1e308", "-1e308", "1.7976931348623157e308", "99999999999999999999999999", "NaN", "Infinity", "-0", "1e-320", "9223372036854775808"];

    private static readonly string[] Controls = ["\0", "\u001b[31m", "\r", "\u0007", "\u202e", "\uFEFF", "\t", "\u0085", "\u2028"];

    /// <summary>One damage of <paramref name="text"/>, chosen by <paramref name="rng"/>; returns the damaged text and what was done.</summary>
    private static (string Text, string What) Damage(string text, Random rng)
    {
        var lines = text.Split('\n').ToList();
        switch (rng.Next(7))
        {
            case 0:
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                var flips = 1 + rng.Next(4);
                for (var i = 0; i < flips; i++)
                    bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return (Encoding.UTF8.GetString(bytes), $"{flips} bit flip(s)");
            }

            case 1:
            {
                var at = rng.Next(text.Length);
                return (text[..at], $"truncated at {at}");
            }

            case 2:
            {
                var i = rng.Next(lines.Count);
                lines.Insert(i, lines[i]);
                return (string.Join('\n', lines), $"line {i + 1} duplicated");
            }

            case 3:
            {
                var i = rng.Next(lines.Count);
                lines.RemoveAt(i);
                return (string.Join('\n', lines), $"line {i + 1} dropped");
            }

            case 4:
            {
                var sep = text.Contains('|', StringComparison.Ordinal) ? '|' : ',';
                var a = rng.Next(6);
                var b = rng.Next(6);
                var swapped = lines.Select(l =>
                {
                    var f = l.Split(sep);
                    if (a < f.Length && b < f.Length)
                        (f[a], f[b]) = (f[b], f[a]);
                    return string.Join(sep, f);
                });
                return (string.Join('\n', swapped), $"columns {a} and {b} swapped");
            }

            case 5:
            {
                var number = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+\.\d+|\b\d{2,}\b");
                if (number.Count == 0)
                    return (text + Huge[0], "huge number appended");
                var m = number[rng.Next(number.Count)];
                var h = Huge[rng.Next(Huge.Length)];
                return (text[..m.Index] + h + text[(m.Index + m.Length)..], $"'{m.Value}' at {m.Index} → {h}");
            }

            default:
            {
                var at = rng.Next(text.Length);
                var c = Controls[rng.Next(Controls.Length)];
                return (text[..at] + c + text[at..], $"U+{(int)c[0]:X4} inserted at {at}");
            }
        }
    }

    [Fact]
    public async Task DamagedFiles_NeverCrashNeverHang_RefusalsLeaveTheStoreByteIdentical()
    {
        var dir = TestData.TempDir();
        var seed = Path.Combine(dir, "seed.db");
        File.WriteAllText(Path.Combine(dir, "SPY_daily.csv"), Yahoo);
        (await Run("--store", seed, "data", "import", Path.Combine(dir, "SPY_daily.csv"))).Code.ShouldBe(0);
        File.Exists(seed + "-wal").ShouldBeFalse("the seed store is checkpointed: its one file is all its bytes");
        var seedBytes = File.ReadAllBytes(seed);

        var bases = Bases();
        var rng = new Random(Seed);
        var store = Path.Combine(dir, "store.db");
        int accepted = 0, refused = 0;
        var why = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Cases; i++)
        {
            var (name, text) = bases[rng.Next(bases.Count)];
            var (damaged, what) = Damage(text, rng);
            var file = Path.Combine(dir, "case", i.ToString(CultureInfo.InvariantCulture), name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, damaged);
            File.WriteAllBytes(store, seedBytes);
            var label = $"case {i} (seed {Seed}): {name}, {what}";

            var (code, err) = await Run("--store", store, "data", "import", file);

            err.ShouldNotContain("   at ", customMessage: label);
            err.ShouldNotContain("unexpected failure", customMessage: label);
            code.ShouldBeOneOf([0, 2], label + ": " + err);
            if (code == 2)
            {
                refused++;
                err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1, label + ": " + err);
                File.ReadAllBytes(store).AsSpan().SequenceEqual(seedBytes).ShouldBeTrue(label + ": the refusal changed the store");
                var reason = err.Contains(": ", StringComparison.Ordinal) ? err[(err.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim() : err.Trim();
                reason = reason.Length > 40 ? reason[..40] : reason;
                why[reason] = why.GetValueOrDefault(reason) + 1;
            }
            else
            {
                accepted++;
                var (statusCode, statusErr) = await Run("--store", store, "data", "status", "--format", "json");
                statusCode.ShouldBe(0, label + ": data status after the import: " + statusErr);
            }
        }

        log.WriteLine($"{Cases} damaged files from {bases.Count} bases: {accepted} imported, {refused} refused (one line each, store unchanged)");
        foreach (var (reason, n) in why.OrderByDescending(kv => kv.Value).Take(10))
            log.WriteLine($"  {n,4}  {reason}");
        refused.ShouldBeGreaterThan(Cases / 10, "the damage is real: most kinds make a file invalid");
        Directory.Delete(dir, recursive: true);
    }
}
