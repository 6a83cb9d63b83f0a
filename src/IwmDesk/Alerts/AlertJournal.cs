using System.Globalization;
using IwmDesk.Data.Store;

namespace IwmDesk.Alerts;

/// <summary>Delivery statuses as journaled.</summary>
public static class AlertStatuses
{
    /// <summary>Delivered (the webhook answered 2xx, the SMTP server accepted the message, the line was written).</summary>
    public const string Sent = "sent";

    /// <summary>Every attempt failed; the error is kept (scrubbed of secrets).</summary>
    public const string Failed = "failed";

    /// <summary>Not sent: the alert was sent within its cooldown.</summary>
    public const string Cooldown = "cooldown";

    /// <summary>Shown in the command's output.</summary>
    public const string Shown = "shown";
}

/// <summary>One journaled alert delivery: a (trading day, alert, channel) row.</summary>
public sealed record AlertDelivery(
    DateOnly TradingDay, string Alert, string Channel, string Event, DateOnly AsOf, string Status, int Attempts,
    string FirstAt, string LastAt, string Message, string? Record, string? Error);

/// <summary>
/// The alerts journal (table <c>journal_alerts</c>, schema step 5): one row per trading day, alert and channel, so a
/// second run on the same day updates the day's rows instead of adding more. Not thread-safe, like the store.
/// </summary>
public sealed class AlertJournal
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly MarketStore _store;

    /// <summary>The alerts journal of <paramref name="store"/>.</summary>
    public AlertJournal(MarketStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The row for (day, alert, channel), or null.</summary>
    public AlertDelivery? Get(DateOnly day, string alert, string channel) =>
        Load(" WHERE trading_day = @d AND alert = @a AND channel = @c", [("@d", Sql.Text(day)), ("@a", alert), ("@c", channel)]).FirstOrDefault();

    /// <summary>The last trading day before <paramref name="before"/> on which <paramref name="alert"/> was delivered on any channel.</summary>
    public DateOnly? LastSentBefore(string alert, DateOnly before)
    {
        using var cmd = Sql.Command(_store.Connection, null,
            "SELECT MAX(trading_day) FROM journal_alerts WHERE alert = @a AND status IN ('sent', 'shown') AND trading_day < @d");
        Sql.Param(cmd, "@a", alert);
        Sql.Param(cmd, "@d", Sql.Text(before));
        return cmd.ExecuteScalar() is string s ? Sql.ParseDate(s) : null;
    }

    /// <summary>Inserts or updates the row of <paramref name="row"/>'s (day, alert, channel); the first attempt's time is kept.</summary>
    public void Upsert(AlertDelivery row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Sql.Execute(_store.Connection, null,
            "INSERT INTO journal_alerts (trading_day, alert, channel, event, as_of, status, attempts, first_at, last_at, message, record, error) "
            + "VALUES (@d, @a, @c, @e, @asof, @s, @n, @first, @last, @m, @r, @err) "
            + "ON CONFLICT (trading_day, alert, channel) DO UPDATE SET event = excluded.event, as_of = excluded.as_of, status = excluded.status, "
            + "attempts = journal_alerts.attempts + excluded.attempts, last_at = excluded.last_at, message = excluded.message, "
            + "record = excluded.record, error = excluded.error",
            ("@d", Sql.Text(row.TradingDay)),
            ("@a", row.Alert),
            ("@c", row.Channel),
            ("@e", row.Event),
            ("@asof", Sql.Text(row.AsOf)),
            ("@s", row.Status),
            ("@n", (long)row.Attempts),
            ("@first", row.FirstAt),
            ("@last", row.LastAt),
            ("@m", row.Message),
            ("@r", (object?)row.Record ?? DBNull.Value),
            ("@err", (object?)row.Error ?? DBNull.Value));
    }

    /// <summary>Rows with a trading day in [from, to] (either optional), by day, alert and channel.</summary>
    public IReadOnlyList<AlertDelivery> List(DateOnly? from = null, DateOnly? to = null, string? alert = null)
    {
        var where = new List<string>();
        var args = new List<(string, object)>();
        if (from is { } f)
        {
            where.Add("trading_day >= @from");
            args.Add(("@from", Sql.Text(f)));
        }

        if (to is { } t)
        {
            where.Add("trading_day <= @to");
            args.Add(("@to", Sql.Text(t)));
        }

        if (alert is not null)
        {
            where.Add("alert = @alert");
            args.Add(("@alert", alert));
        }

        return Load(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where), args);
    }

    /// <summary>Number of rows.</summary>
    public int Count() => (int)Sql.Scalar(_store.Connection, null, "SELECT COUNT(*) FROM journal_alerts");

    /// <summary>A UTC timestamp as journaled.</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);

    private List<AlertDelivery> Load(string where, List<(string Name, object Value)> args)
    {
        using var cmd = Sql.Command(_store.Connection, null,
            "SELECT trading_day, alert, channel, event, as_of, status, attempts, first_at, last_at, message, record, error FROM journal_alerts"
            + where + " ORDER BY trading_day, alert, channel");
        foreach (var (n, v) in args)
            Sql.Param(cmd, n, v);
        using var r = cmd.ExecuteReader();
        var list = new List<AlertDelivery>();
        while (r.Read())
        {
            list.Add(new AlertDelivery(
                Sql.ParseDate(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), Sql.ParseDate(r.GetString(4)), r.GetString(5),
                (int)r.GetInt64(6), r.GetString(7), r.GetString(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetString(11)));
        }

        return list;
    }
}
