using IwmDesk.Data;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using IwmDesk.Panel;
using IwmDesk.Text;

namespace IwmDesk.Reports;

/// <summary>The feature panel as CSV or JSON (snake_case columns; missing values empty in CSV, null in JSON).</summary>
public static class PanelExport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Output columns in order: date, the numeric columns, gex_source right after gex, dp_source right after dp_ratio.</summary>
    public static IReadOnlyList<string> Columns { get; } = BuildColumns();

    /// <summary>Rows [first, last] as CSV.</summary>
    public static string Csv(FeaturePanel panel, int first, int last)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var sb = new StringBuilder();
        sb.AppendJoin(',', Columns).Append('\n');
        for (var i = first; i <= last; i++)
        {
            sb.Append(panel.Dates[i].ToString("yyyy-MM-dd", Inv));
            foreach (var c in Columns.Skip(1))
            {
                sb.Append(',');
                if (c == PanelColumns.GexSource)
                    sb.Append(CsvText.Field(panel.GexSource[i]));
                else if (c == PanelColumns.DpSource)
                    sb.Append(CsvText.Field(DpSource(panel, i)));
                else if (panel.TryGet(c) is { } col && double.IsFinite(col[i]))
                    sb.Append(JsonNumbers.Csv(col[i]));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Rows [first, last] as a JSON array of objects.</summary>
    public static string Json(FeaturePanel panel, int first, int last)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var rows = new JsonArray();
        for (var i = first; i <= last; i++)
        {
            var o = new JsonObject { ["date"] = panel.Dates[i].ToString("yyyy-MM-dd", Inv) };
            foreach (var c in Columns.Skip(1))
            {
                if (c == PanelColumns.GexSource)
                    o[c] = string.IsNullOrEmpty(panel.GexSource[i]) ? null : panel.GexSource[i];
                else if (c == PanelColumns.DpSource)
                    o[c] = DpSource(panel, i) is { Length: > 0 } dp ? dp : null;
                else
                    o[c] = panel.TryGet(c) is { } col && double.IsFinite(col[i]) ? JsonNumbers.Number(col[i]) : null;
            }

            rows.Add(o);
        }

        return new JsonObject { ["data_source"] = panel.DataSource.Text(), ["rows"] = rows }.ToJsonString(JsonOutput.Options);
    }

    private static List<string> BuildColumns()
    {
        var list = new List<string> { "date" };
        foreach (var c in PanelColumns.Numeric)
        {
            list.Add(c);
            if (c == PanelColumns.Gex)
                list.Add(PanelColumns.GexSource);
            if (c == PanelColumns.DpRatio)
                list.Add(PanelColumns.DpSource);
        }

        return list;
    }

    private static string DpSource(FeaturePanel panel, int i) => panel.DpSource.Length == panel.Count ? panel.DpSource[i] ?? "" : "";
}
