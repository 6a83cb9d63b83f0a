using System.Text.Json;
using IwmDesk.Analytics.Options;
using IwmDesk.Data;
using IwmDesk.Data.Store;

namespace IwmDesk.Chains;

/// <summary>
/// One stored chain day's positioning: the day's selected snapshot (nearest the close) valued with the store's inputs.
/// Exposures in USD per 1% move; vanna in USD of dealer delta per vol point; charm in USD of dealer delta per day.
/// </summary>
/// <param name="AsOf">Snapshot date.</param>
/// <param name="Source">The selected snapshot's source (file name).</param>
/// <param name="SnapshotTime">Its time of day (ET), null when the file gives only a date.</param>
/// <param name="Snapshots">Snapshots stored for the day (the others are kept, not used).</param>
/// <param name="Spot">Spot used.</param>
/// <param name="SpotSource">Where the spot came from.</param>
/// <param name="Rate">r used.</param>
/// <param name="DividendYield">q used.</param>
/// <param name="TotalGex">Net GEX.</param>
/// <param name="CallGex">Gross call leg (≥ 0).</param>
/// <param name="PutGex">Gross put leg (≤ 0).</param>
/// <param name="Flip">Zero-gamma level, null when none in the grid.</param>
/// <param name="DistToFlipPct">(spot / flip − 1) × 100, null without a flip.</param>
/// <param name="CallWall">Call wall strike.</param>
/// <param name="PutWall">Put wall strike.</param>
/// <param name="SameDay">Net GEX of same-day expiries.</param>
/// <param name="UpTo7Days">Net GEX of 1–7 day expiries.</param>
/// <param name="UpTo30Days">Net GEX of 8–30 day expiries.</param>
/// <param name="Beyond30Days">Net GEX beyond 30 days.</param>
/// <param name="FlipExNearest">Flip without the nearest expiry.</param>
/// <param name="Vanna">Vanna exposure.</param>
/// <param name="Charm">Charm exposure.</param>
/// <param name="PutCallOiRatio">Put / call open interest.</param>
/// <param name="MaxPain">Max pain of the nearest expiry.</param>
/// <param name="ContractsUsed">Contracts used.</param>
public sealed record GexHistoryRow(
    DateOnly AsOf,
    string Source,
    TimeOnly? SnapshotTime,
    int Snapshots,
    double Spot,
    string SpotSource,
    double Rate,
    double DividendYield,
    double TotalGex,
    double CallGex,
    double PutGex,
    double? Flip,
    double? DistToFlipPct,
    double? CallWall,
    double? PutWall,
    double SameDay,
    double UpTo7Days,
    double UpTo30Days,
    double Beyond30Days,
    double? FlipExNearest,
    double Vanna,
    double Charm,
    double PutCallOiRatio,
    double? MaxPain,
    int ContractsUsed);

/// <summary>
/// <c>gex --history</c>: one row per stored chain day. Each row is cached in the store's meta table, tagged with every
/// input (spot, r, q, valuation time, grid) and dropped when a snapshot of that day is imported, so a history over
/// hundreds of days does not reload and revalue every chain on every command. A store that cannot be written still
/// answers (rows are recomputed, not cached).
/// </summary>
public static class GexHistory
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The rows of every stored day of <paramref name="underlying"/>, ascending.</summary>
    public static IReadOnlyList<GexHistoryRow> Build(MarketStore store, string underlying = "IWM")
    {
        ArgumentNullException.ThrowIfNull(store);
        var inputs = GexInputs.From(store);
        var snapshots = store.ListSnapshots(underlying);
        var perDay = snapshots.GroupBy(s => s.AsOf).ToDictionary(g => g.Key, g => g.Count());
        var cached = store.GetMetaByPrefix(MarketStore.DerivedGexKey(underlying, DateOnly.MinValue)[..^10]);
        var fresh = new List<(string Key, string Value)>();
        // Cached rows are read; the others are loaded one by one (one connection) and valued in parallel.
        var days = snapshots.Where(s => s.Selected).OrderBy(s => s.AsOf).ToList();
        var result = new GexHistoryRow?[days.Count];
        var pending = new List<(int Index, OptionChainSnapshot Chain, GexSetup Setup, string Key, string Tag)>();
        var missing = new Dictionary<DateOnly, (int Index, ChainInfo Info, GexSetup Setup, string Key, string Tag)>();
        for (var i = 0; i < days.Count; i++)
        {
            var info = days[i];
            var header = new OptionChainSnapshot(underlying, info.AsOf, info.Spot, []) { SnapshotTime = info.SnapshotTime, Source = info.Source };
            var setup = inputs.Resolve(header);
            var key = MarketStore.DerivedGexKey(underlying, info.AsOf);
            var tag = setup.Tag + ";src=" + info.Source + ";n=" + perDay[info.AsOf].ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (cached.TryGetValue(key, out var value) && value.StartsWith(tag + "|", StringComparison.Ordinal)
                && TryRead(value.AsSpan(tag.Length + 1)) is { } hit)
            {
                result[i] = hit;
                continue;
            }

            missing[info.AsOf] = (i, info, setup, key, tag);
        }

        if (missing.Count > 0)
        {
            foreach (var (asOf, quotes) in store.StreamSelectedQuotes(underlying))
            {
                if (!missing.TryGetValue(asOf, out var m))
                    continue;
                var chain = new OptionChainSnapshot(underlying, asOf, m.Info.Spot, quotes) { SnapshotTime = m.Info.SnapshotTime, Source = m.Info.Source };
                pending.Add((m.Index, chain, m.Setup, m.Key, m.Tag));
            }
        }

        Parallel.ForEach(pending, job => result[job.Index] = Row(job.Chain, job.Setup, perDay[job.Chain.AsOf]));
        foreach (var job in pending)
            fresh.Add((job.Key, job.Tag + "|" + JsonSerializer.Serialize(result[job.Index], Json)));
        var rows = result.OfType<GexHistoryRow>().ToList();

        if (fresh.Count > 0)
        {
            try
            {
                using var tx = store.BeginWrite();
                foreach (var (k, v) in fresh)
                    tx.SetMeta(k, v);
                tx.Commit();
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // Read-only or busy store: the rows are still right, only not cached.
            }
        }

        return rows;
    }

    /// <summary>The history row of one snapshot valued with <paramref name="setup"/>.</summary>
    public static GexHistoryRow Row(OptionChainSnapshot chain, GexSetup setup, int snapshotsThatDay = 1)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(setup);
        var r = ChainGex.Compute(chain, setup);
        double Bucket(GexBucket b) => r.Buckets[(int)b].NetGexUsdPer1Pct;
        return new GexHistoryRow(
            chain.AsOf,
            chain.Source ?? "",
            chain.SnapshotTime,
            snapshotsThatDay,
            setup.Spot,
            setup.SpotSource,
            setup.Parameters.Rate,
            setup.Parameters.DividendYield,
            r.TotalGexUsdPer1Pct,
            r.CallGexUsdPer1Pct,
            r.PutGexUsdPer1Pct,
            r.ZeroGammaLevel,
            r.ZeroGammaLevel is { } f && f > 0 ? ((setup.Spot / f) - 1) * 100 : null,
            r.CallWall,
            r.PutWall,
            Bucket(GexBucket.SameDay),
            Bucket(GexBucket.UpTo7Days),
            Bucket(GexBucket.UpTo30Days),
            Bucket(GexBucket.Beyond30Days),
            r.ZeroGammaLevelExNearest,
            r.VannaUsdPerVolPoint,
            r.CharmUsdPerDay,
            r.PutCallOpenInterestRatio,
            r.MaxPain,
            r.ContractsUsed);
    }

    private static GexHistoryRow? TryRead(ReadOnlySpan<char> json)
    {
        try
        {
            return JsonSerializer.Deserialize<GexHistoryRow>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
