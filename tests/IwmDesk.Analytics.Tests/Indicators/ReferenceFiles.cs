using System.Globalization;
using IwmDesk.Testing;

namespace IwmDesk.Analytics.Tests.Indicators;

/// <summary>Reads the stored reference CSVs (Reference/*.csv) and the few columns needed from the real daily files.</summary>
internal static class ReferenceFiles
{
    public static string Path(string name) =>
        System.IO.Path.Combine(TestData.RepoRoot, "tests", "IwmDesk.Analytics.Tests", "Reference", name);

    /// <summary>A CSV of numbers with a header; an empty cell is NaN; a "date" column is kept as text.</summary>
    public static Table Read(string name)
    {
        var lines = File.ReadAllLines(Path(name));
        var header = lines[0].Split(',');
        var columns = header.ToDictionary(h => h, _ => new double[lines.Length - 1], StringComparer.Ordinal);
        var dates = new string[lines.Length - 1];
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
                throw new InvalidDataException($"{name}:{i + 1}: {cells.Length} cells, header has {header.Length}");
            for (int c = 0; c < header.Length; c++)
            {
                if (header[c] == "date")
                    dates[i - 1] = cells[c];
                else
                    columns[header[c]][i - 1] = cells[c].Length == 0 ? double.NaN : double.Parse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
        return new Table(columns, dates);
    }

    /// <summary>Date, High, Low, Close of a Yahoo-style daily file in ../shared/data/real (a tiny local reader; the
    /// real importer lives elsewhere).</summary>
    public static Daily ReadDaily(string fileName)
    {
        var path = TestData.Real(fileName);
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int di = Array.IndexOf(header, "Date"), hi = Array.IndexOf(header, "High"), li = Array.IndexOf(header, "Low"), ci = Array.IndexOf(header, "Close");
        if (di < 0 || hi < 0 || li < 0 || ci < 0)
            throw new InvalidDataException($"{path}:1: expected Date, High, Low and Close columns");
        int n = lines.Length - 1;
        var d = new Daily(new string[n], new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            var cells = lines[i + 1].Split(',');
            d.Dates[i] = cells[di];
            d.High[i] = double.Parse(cells[hi], NumberStyles.Float, CultureInfo.InvariantCulture);
            d.Low[i] = double.Parse(cells[li], NumberStyles.Float, CultureInfo.InvariantCulture);
            d.Close[i] = double.Parse(cells[ci], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return d;
    }

    internal sealed record Table(Dictionary<string, double[]> Columns, string[] Dates)
    {
        public double[] this[string column] => Columns[column];

        public int Rows => Dates.Length;
    }

    internal sealed record Daily(string[] Dates, double[] High, double[] Low, double[] Close);
}
