using System.Globalization;
using IwmDesk.Data;
using IwmDesk.Data.Store;
using IwmDesk.Testing;

namespace IwmDesk.Cli.Tests.Commands;

/// <summary>
/// Issue 17's crash cases, each one error line (exit 2) and nothing stored: odd symbols, out-of-range dates, absurd
/// numbers, damaged stores, bad option values, pathological rules and sweep grids, devices, FIFOs and huge files.
/// </summary>
public sealed class HostileInputTests : CliCommandTest
{
    /// <summary>Exit 2 and exactly one stderr line, "error: ..." (a parse error may add its "see: ... --help" pointer), no stack trace.</summary>
    private static string OneErrorLine((int Code, string Out, string Err) r)
    {
        r.Code.ShouldBe(2, r.Err);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldNotBeEmpty();
        lines[0].ShouldStartWith("error: ");
        lines.Skip(1).ShouldAllBe(l => l.StartsWith("see: iwmdesk", StringComparison.Ordinal));
        r.Err.ShouldNotContain("   at ");
        r.Err.ShouldNotContain("Exception");
        return lines[0];
    }

    private string StoreBytes() => File.Exists(Store) ? Convert.ToHexString(File.ReadAllBytes(Store)) : "";

    private async Task<string> SeededStore()
    {
        (await Run("--store", Store, "data", "import", Write("SPY_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n"))).Code.ShouldBe(0);
        return StoreBytes();
    }

    [Theory]
    [InlineData("^")]
    [InlineData("_")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("IWM\u001b[31m")]
    public async Task Import_OddSymbol_OneLineNothingStored(string symbol)
    {
        var before = await SeededStore();
        var file = Write("IWM_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n");

        var line = OneErrorLine(await Run("--store", Store, "data", "import", file, "--symbol", symbol));

        line.ShouldContain(file);
        StoreBytes().ShouldBe(before);
    }

    [Fact]
    public async Task Import_CboeJsonWhoseSymbolIsUnderscore_OneLine()
    {
        var before = await SeededStore();
        var json = FakeMarketServer.CboeChain(new DateTime(2024, 3, 15, 16, 15, 0), 200, new DateOnly(2024, 3, 22))
            .Replace("\"symbol\":\"IWM\"", "\"symbol\":\"_\"", StringComparison.Ordinal);
        var file = Write("chain.json", json);

        var line = OneErrorLine(await Run("--store", Store, "data", "import", file));

        line.ShouldContain("chain.json");
        StoreBytes().ShouldBe(before);
    }

    [Fact]
    public async Task Import_YahooChartForCaret_OneLine()
    {
        var before = await SeededStore();
        var rows = new[] { new YahooRow(new DateOnly(2024, 1, 2), "1", "2", "0.5", "1.5", "1.4", "10") };
        var file = Write("chart.json", FakeMarketServer.YahooChart("^", new YahooSeries(rows, true, true), 0, long.MaxValue, DateOnly.MaxValue));

        var line = OneErrorLine(await Run("--store", Store, "data", "import", file));

        line.ShouldContain("chart.json");
        StoreBytes().ShouldBe(before);
    }

    [Theory]
    [InlineData("2200-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("1899-12-29")]
    public async Task Import_DateOutsideTheAcceptedRange_OneLineNamingTheRange(string date)
    {
        var before = await SeededStore();
        var file = Write("IWM_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n" + date + ",1,2,0.5,1.5,1.4,10\n");

        var line = OneErrorLine(await Run("--store", Store, "data", "import", file));

        line.ShouldContain($"dated {date}, outside the accepted range 1900-01-01..");
        StoreBytes().ShouldBe(before);
    }

    [Fact]
    public async Task Status_StoreHoldingA9999Row_StillPrints()
    {
        using (var store = MarketStore.Open(Store))
        {
            using var tx = store.BeginWrite();
            tx.UpsertBars("IWM", [new DailyBar(new DateOnly(2024, 1, 2), 1, 2, 0.5, 1.5, 1.4, 10), new DailyBar(DateOnly.MaxValue, 1, 2, 0.5, 1.5, 1.4, 10)], DataOrigin.Real);
            tx.Commit();
        }

        var (code, output, error) = await Run("--store", Store, "data", "status");

        code.ShouldBe(0, error);
        output.ShouldContain("9999-12-31");
    }

    [Theory]
    [InlineData("1.7e308")]
    [InlineData("1e300")]
    public async Task Gex_AbsurdOpenInterest_OneLine(string oi)
    {
        var file = Write("IWM_chain.csv",
            "as_of,underlying,spot,expiry,type,strike,open_interest,implied_vol\n"
            + $"2024-03-15,IWM,200,2024-03-22,C,200,{oi},0.2\n2024-03-15,IWM,200,2024-03-22,P,200,10,0.2\n");

        var json = OneErrorLine(await Run("--store", Store, "gex", file, "--format", "json"));
        json.ShouldContain("open interest");
        var before = await SeededStore();
        OneErrorLine(await Run("--store", Store, "data", "import", file));
        StoreBytes().ShouldBe(before);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("-1e300")]
    public async Task Import_AbsurdPriceOrVolume_OneLine(string value)
    {
        var before = await SeededStore();
        var file = Write("KRE_daily.csv", Yahoo + $"2024-01-02,1,2,0.5,1.5,1.4,{value.TrimStart('-')}\n2024-01-03,1,{value.TrimStart('-')},0.5,1.5,1.4,10\n");

        OneErrorLine(await Run("--store", Store, "data", "import", file)).ShouldContain("beyond the accepted size");
        StoreBytes().ShouldBe(before);
    }

    [Theory]
    [InlineData("serve", "--port", "abc")]
    [InlineData("serve", "--port", "99999")]
    [InlineData("journal", "score", "--neutral-band", "abc")]
    [InlineData("journal", "score", "--neutral-band", "7")]
    public async Task BadOptionValue_OneLine(params string[] args)
    {
        OneErrorLine(await Run(["--store", Store, .. args]));
        File.Exists(Store).ShouldBeFalse("nothing was opened or created");
    }

    [Fact]
    public async Task EmptyStoreOption_IsAnError()
    {
        OneErrorLine(await Run("--store", "", "data", "status")).ShouldContain("--store is empty");
    }

    [Fact]
    public async Task DamagedStore_ReadsAndWritesGiveOneLineWithIntegrityCheck()
    {
        var lines = string.Concat(Enumerable.Range(0, 3000).Select(i => new DateOnly(2000, 1, 3).AddDays(i)).Where(TradingCalendar.IsTradingDay)
            .Select(d => string.Create(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd},1,2,0.5,1.5,1.4,10\n")));
        (await Run("--store", Store, "data", "import", Write("IWM_daily.csv", Yahoo + lines))).Code.ShouldBe(0);
        DamagePages(Store);
        var before = StoreBytes();

        foreach (var command in new[] { new[] { "data", "status" }, ["indicators"], ["backtest"], ["forecast", "--no-journal"], ["kre"] })
        {
            var line = OneErrorLine(await Run(["--store", Store, .. command]));
            line.ShouldStartWith($"error: the store {Store} ", customMessage: string.Join(' ', command));
            line.ShouldContain("PRAGMA integrity_check says: ", customMessage: string.Join(' ', command));
        }

        var import = OneErrorLine(await Run("--store", Store, "data", "import", Write("SPY_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n")));
        import.ShouldContain("PRAGMA integrity_check says: ");
        StoreBytes().ShouldBe(before, "a damaged store is not written to");
    }

    [ReadOnlyFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ReadOnlyStoreFile_ImportGivesOneLineReadsStillWork()
    {
        (await Run("--store", Store, "data", "import", Write("IWM_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n"))).Code.ShouldBe(0);
        var before = StoreBytes();
        using (ReadOnly.Make(Store))
        {
            var import = OneErrorLine(await Run("--store", Store, "data", "import", Write("SPY_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n")));
            import.ShouldBe($"error: the store {Store} is read-only (its file or directory cannot be written): nothing was written; check the permissions or give another --store");
            var (code, output, error) = await Run("--store", Store, "data", "status");
            code.ShouldBe(0, error);
            error.ShouldNotContain("error:", customMessage: "reading a read-only store works");
            output.ShouldContain("IWM");
        }

        StoreBytes().ShouldBe(before);
    }

    [ReadOnlyFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ReadOnlyStoreDirectory_ImportGivesOneLine()
    {
        var dir = Path.Combine(Dir, "ro");
        Directory.CreateDirectory(dir);
        var store = Path.Combine(dir, "store.db");
        (await Run("--store", store, "data", "import", Write("IWM_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n"))).Code.ShouldBe(0);
        var before = File.ReadAllBytes(store);
        using (ReadOnly.Make(dir))
        {
            var import = OneErrorLine(await Run("--store", store, "data", "import", Write("SPY_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n")));
            import.ShouldStartWith($"error: the store {store} is read-only");
            var fresh = OneErrorLine(await Run("--store", Path.Combine(dir, "new.db"), "data", "import", Write("KRE_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n")));
            fresh.ShouldContain("read-only");
        }

        File.ReadAllBytes(store).ShouldBe(before);
        File.Exists(Path.Combine(dir, "new.db")).ShouldBeFalse();
    }

    /// <summary>Overwrites part of every 5th page after the first few (the schema stays readable, the data does not).</summary>
    private static void DamagePages(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var pages = f.Length / 4096;
        var junk = Enumerable.Repeat((byte)0x13, 300).ToArray();
        for (var p = 4L; p < pages; p += 5)
        {
            f.Position = (p * 4096) + 100;
            f.Write(junk);
        }
    }

    [Theory]
    [InlineData(10_000, "at most 20000 are accepted")]
    [InlineData(1_000, "at most 2000 are accepted")]
    [InlineData(200, "nested more than 64 levels")]
    [InlineData(65, "nested more than 64 levels")]
    public async Task Rules_NestedDeep_OneLine(int depth, string says)
    {
        var condition = new string('(', depth) + "vix > 20" + new string(')', depth);
        var rules = Write("deep.yaml", Rule(condition));

        OneErrorLine(await Run("--store", Store, "backtest", "--rules", rules)).ShouldContain(says);
    }

    [Fact]
    public async Task Rules_HundredThousandTerms_RefusedAtOnce()
    {
        var condition = string.Join(" and ", Enumerable.Repeat("vix > 20", 100_000));
        var rules = Write("long.yaml", Rule(condition));

        OneErrorLine(await Run("--store", Store, "backtest", "--rules", rules)).ShouldContain("at most");
    }

    [Fact]
    public async Task Rules_SweepGridTooLarge_OneLineNamingTheLimit()
    {
        var rules = Write("grid.yaml", Rule("vix >= $a and vix <= $b and rsi14 > $c", "{ a: 1, b: 2, c: 3 }",
            "{ a: { from: 0, to: 100000, step: 0.001 }, b: { from: 0, to: 100000, step: 0.001 }, c: { from: 0, to: 100000, step: 0.001 } }"));

        OneErrorLine(await Run("--store", Store, "backtest", "--sweep", "--rules", rules)).ShouldContain("at most 10000 per rule");
    }

    private static string Rule(string condition, string parameters = "{}", string? sweep = null) => $$"""
        rules:
          - name: Hostile
            tier: 1
            label: hostile
            direction: bullish
            horizons: [5]
            condition: '{{condition}}'
            params: {{parameters}}
        {{(sweep is null ? "" : "    sweep: " + sweep)}}
        """;

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public async Task Import_Device_OneLine(string device)
    {
        if (!File.Exists(device))
            return; // not a Unix system
        var before = await SeededStore();
        OneErrorLine(await Run("--store", Store, "data", "import", device)).ShouldBe($"error: {device}: is a character device, not a regular file: refused (import reads regular files only)");
        StoreBytes().ShouldBe(before);
    }

    [Fact]
    public async Task Import_Fifo_OneLineWithoutOpeningIt()
    {
        if (OperatingSystem.IsWindows())
            return;
        var fifo = Path.Combine(Dir, "pipe.csv");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            mk.WaitForExit();
        OneErrorLine(await Run("--store", Store, "data", "import", fifo)).ShouldContain("is a FIFO (named pipe), not a regular file");
    }

    [Fact]
    public async Task Import_TwoGigabyteSparseFile_OneLineNamingTheLimit()
    {
        var big = Path.Combine(Dir, "IWM_big.csv");
        try
        {
            using (var f = new FileStream(big, FileMode.Create))
                f.SetLength(2L << 30); // sparse: no disk is used
            OneErrorLine(await Run("--store", Store, "data", "import", big)).ShouldBe(
                $"error: {big}: is 2147483648 bytes, larger than the import limit of 512 MiB: refused (IWMDESK_MAX_IMPORT_MB raises it)");
        }
        finally
        {
            File.Delete(big);
        }
    }

    [Fact]
    public async Task Import_LineLongerThanTheLimit_OneLineWithItsLineNumber()
    {
        var file = Write("IWM_daily.csv", Yahoo + "2024-01-02,1,2,0.5,1.5,1.4,10\n2024-01-03," + new string('9', 2 << 20) + "\n");

        OneErrorLine(await Run("--store", Store, "data", "import", file)).ShouldBe(
            $"error: {file}:3: the line is longer than the limit of 1024 KiB: refused (IWMDESK_MAX_LINE_KB raises it)");
    }

    [Fact]
    public async Task Import_BinaryFile_OneLine()
    {
        var file = Path.Combine(Dir, "IWM_daily.csv");
        File.WriteAllBytes(file, [.. "Date,Close\n2024-01-02,1\n"u8, 0, 1, 2]);

        OneErrorLine(await Run("--store", Store, "data", "import", file)).ShouldContain("binary file");
    }

    [Fact]
    public async Task Templates_SymlinkOutsideOrFifo_Refused()
    {
        if (OperatingSystem.IsWindows())
            return;
        var templates = Directory.CreateDirectory(Path.Combine(Dir, "templates")).FullName;
        File.CreateSymbolicLink(Path.Combine(templates, "quant-analyst.hbs"), "/etc/passwd");

        var line = OneErrorLine(await Run("--store", Store, "prompts", "show", "quant-analyst", "--templates", templates));
        line.ShouldContain("outside the templates directory");
        line.ShouldNotContain("root:");

        File.Delete(Path.Combine(templates, "quant-analyst.hbs"));
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(templates, "quant-analyst.hbs")]))
            mk.WaitForExit();
        OneErrorLine(await Run("--store", Store, "prompts", "show", "quant-analyst", "--templates", templates)).ShouldContain("is a FIFO");
    }
}

/// <summary>
/// Makes a file or directory read-only for this process: permission bits, and where the tests run as root (which
/// ignores them) the immutable attribute (<c>chattr +i</c>); undone on dispose.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class ReadOnly
{
    public static IDisposable Make(string path)
    {
        var isDir = Directory.Exists(path);
        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead
            | (isDir ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0));
        var immutable = false;
        if (Writable(path, isDir))
        {
            immutable = Chattr("+i", path);
            if (!immutable || Writable(path, isDir))
            {
                Undo(path, mode, immutable);
                throw new InvalidOperationException($"cannot make {path} read-only here");
            }
        }

        return new Restore(() => Undo(path, mode, immutable));
    }

    /// <summary>Null when a read-only file can be made here, else why not.</summary>
    public static string? Unavailable()
    {
        var dir = Path.Combine(Path.GetTempPath(), "iwmdesk-ro-probe-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "probe");
        File.WriteAllText(file, "x");
        try
        {
            using (Make(file))
                return null;
        }
        catch (InvalidOperationException)
        {
            return "this machine cannot make a read-only file for the tests (running as root without chattr +i support)";
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static bool Writable(string path, bool isDir)
    {
        try
        {
            if (isDir)
            {
                var probe = Path.Combine(path, ".write-probe");
                File.WriteAllText(probe, "x");
                File.Delete(probe);
            }
            else
            {
                using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            }

            return true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [flag, path])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            p.WaitForExit(10_000);
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void Undo(string path, UnixFileMode mode, bool immutable)
    {
        if (immutable)
            Chattr("-i", path);
        File.SetUnixFileMode(path, mode);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}

/// <summary>A fact that needs a read-only file (skipped, saying why, where none can be made).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class ReadOnlyFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(ReadOnly.Unavailable);

    public ReadOnlyFactAttribute()
    {
        if (Reason.Value is { } reason)
            Skip = reason;
    }
}
