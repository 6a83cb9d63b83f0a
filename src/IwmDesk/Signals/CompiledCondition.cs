using IwmDesk.Panel;

namespace IwmDesk.Signals;

/// <summary>
/// A rule condition bound to a panel and evaluated for every row at once. The result per row is tri-state:
/// <see cref="True"/>, <see cref="False"/> or <see cref="Unavailable"/> (some input was missing that day — never
/// silently false). Sub-expressions that do not depend on parameters are computed once and cached, so a threshold
/// sweep only recomputes what its parameters touch. Not thread-safe: compile one per thread.
/// </summary>
public sealed class CompiledCondition
{
    /// <summary>The condition holds.</summary>
    public const sbyte True = 1;

    /// <summary>The condition does not hold.</summary>
    public const sbyte False = 0;

    /// <summary>An input was missing (NaN) on that row.</summary>
    public const sbyte Unavailable = -1;

    private readonly BoolEval _root;
    private readonly int _rows;

    private CompiledCondition(BoolEval root, int rows, IReadOnlyList<string> parameters, IReadOnlyList<string> columns)
    {
        _root = root;
        _rows = rows;
        Parameters = parameters;
        Columns = columns;
    }

    /// <summary>Names of the <c>$parameters</c> the condition uses.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Panel columns the condition reads.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Binds <paramref name="condition"/> to <paramref name="panel"/>.</summary>
    public static CompiledCondition Compile(ConditionNode condition, FeaturePanel panel)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(panel);
        var parameters = new SortedSet<string>(StringComparer.Ordinal);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        var root = BuildBool(condition, panel, parameters, columns);
        return new CompiledCondition(root, panel.Count, [.. parameters], [.. columns]);
    }

    /// <summary>Evaluates every row into a new array.</summary>
    public sbyte[] Evaluate(IReadOnlyDictionary<string, double>? parameters = null)
    {
        var result = new sbyte[_rows];
        Evaluate(parameters, result);
        return result;
    }

    /// <summary>Evaluates every row into <paramref name="result"/> (length = panel rows).</summary>
    public void Evaluate(IReadOnlyDictionary<string, double>? parameters, Span<sbyte> result)
    {
        if (result.Length != _rows)
            throw new ArgumentException($"result needs {_rows} rows", nameof(result));
        var values = _root.Eval(new Binding(parameters));
        values.CopyTo(result);
    }

    private static BoolEval BuildBool(ConditionNode node, FeaturePanel panel, ISet<string> parameters, ISet<string> columns) => node switch
    {
        ComparisonNode c => new CompareEval(c.Op, BuildNum(c.Left, panel, parameters, columns), BuildNum(c.Right, panel, parameters, columns), panel.Count),
        LogicalNode l => new LogicalEval(l.Op, BuildBool(l.Left, panel, parameters, columns), l.Right is null ? null : BuildBool(l.Right, panel, parameters, columns), panel.Count),
        _ => throw new InvalidOperationException("not a boolean node: " + node.ToText()),
    };

    private static NumEval BuildNum(ConditionNode node, FeaturePanel panel, ISet<string> parameters, ISet<string> columns)
    {
        switch (node)
        {
            case NumberNode n:
                return new ScalarEval(_ => n.Value, dependsOnParameters: false);
            case ParameterNode p:
                parameters.Add(p.Name);
                return new ScalarEval(b => b.Get(p.Name), dependsOnParameters: true);
            case ColumnNode c:
                columns.Add(c.Name);
                return new ColumnEval(panel.TryGet(c.Name) ?? NaNs(panel.Count));
            case ArithmeticNode a:
                return new ArithmeticEval(a.Op, a.Left is null ? null : BuildNum(a.Left, panel, parameters, columns), BuildNum(a.Right, panel, parameters, columns), panel.Count);
            case FunctionNode f:
                return new FunctionEval(f.Name, f.Period, BuildNum(f.Argument, panel, parameters, columns), panel.Count);
            default:
                throw new InvalidOperationException("not a numeric node: " + node.ToText());
        }
    }

    private static double[] NaNs(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }

    private readonly struct Binding(IReadOnlyDictionary<string, double>? parameters)
    {
        public double Get(string name) =>
            parameters is not null && parameters.TryGetValue(name, out var v)
                ? v
                : throw new IwmDeskException($"rule parameter '${name}' has no value");
    }

    /// <summary>A numeric value: a scalar (Vector null) or one value per row.</summary>
    private readonly record struct Num(double Scalar, double[]? Vector);

    private abstract class NumEval
    {
        public abstract bool DependsOnParameters { get; }

        public abstract Num Eval(Binding b);
    }

    private sealed class ScalarEval(Func<Binding, double> get, bool dependsOnParameters) : NumEval
    {
        public override bool DependsOnParameters => dependsOnParameters;

        public override Num Eval(Binding b) => new(get(b), null);
    }

    private sealed class ColumnEval(double[] values) : NumEval
    {
        public override bool DependsOnParameters => false;

        public override Num Eval(Binding b) => new(0, values);
    }

    /// <summary>Vector results are written into a buffer owned by the node; parameter-free results are cached.</summary>
    private abstract class VectorNumEval(int rows) : NumEval
    {
        private readonly double[] _buffer = new double[rows];
        private bool _cached;

        public override Num Eval(Binding b)
        {
            if (_cached)
                return new Num(0, _buffer);
            var scalar = Compute(b, _buffer);
            if (scalar is { } s)
                return new Num(s, null);
            _cached = !DependsOnParameters;
            return new Num(0, _buffer);
        }

        /// <summary>Fills <paramref name="dst"/>, or returns a scalar when every input is scalar.</summary>
        protected abstract double? Compute(Binding b, double[] dst);
    }

    private sealed class ArithmeticEval(char op, NumEval? left, NumEval right, int rows) : VectorNumEval(rows)
    {
        public override bool DependsOnParameters => (left?.DependsOnParameters ?? false) || right.DependsOnParameters;

        protected override double? Compute(Binding b, double[] dst)
        {
            var r = right.Eval(b);
            if (left is null)
            {
                if (r.Vector is null)
                    return -r.Scalar;
                for (var i = 0; i < dst.Length; i++)
                    dst[i] = -r.Vector[i];
                return null;
            }

            var l = left.Eval(b);
            if (l.Vector is null && r.Vector is null)
                return Apply(op, l.Scalar, r.Scalar);
            for (var i = 0; i < dst.Length; i++)
                dst[i] = Apply(op, l.Vector?[i] ?? l.Scalar, r.Vector?[i] ?? r.Scalar);
            return null;
        }

        private static double Apply(char op, double a, double b) => op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            _ => b == 0 ? double.NaN : a / b,
        };
    }

    private sealed class FunctionEval(string name, int period, NumEval argument, int rows) : VectorNumEval(rows)
    {
        public override bool DependsOnParameters => argument.DependsOnParameters;

        protected override double? Compute(Binding b, double[] dst)
        {
            var a = argument.Eval(b);
            if (a.Vector is null)
            {
                // A constant's previous value or average is the constant, once enough rows exist.
                for (var i = 0; i < dst.Length; i++)
                    dst[i] = i < (name == "prev" ? 1 : period - 1) ? double.NaN : a.Scalar;
                return null;
            }

            var x = a.Vector;
            if (name == "prev")
            {
                if (dst.Length > 0)
                    dst[0] = double.NaN;
                for (var i = 1; i < dst.Length; i++)
                    dst[i] = x[i - 1];
                return null;
            }

            // sma(x, n): mean of rows i−n+1..i; NaN before n rows or when the window holds a NaN.
            double sum = 0;
            var nanCount = 0;
            for (var i = 0; i < x.Length; i++)
            {
                var v = x[i];
                if (double.IsNaN(v))
                    nanCount++;
                else
                    sum += v;
                if (i >= period)
                {
                    var old = x[i - period];
                    if (double.IsNaN(old))
                        nanCount--;
                    else
                        sum -= old;
                }

                dst[i] = i >= period - 1 && nanCount == 0 ? sum / period : double.NaN;
            }

            return null;
        }
    }

    private abstract class BoolEval(int rows)
    {
        private readonly sbyte[] _buffer = new sbyte[rows];
        private bool _cached;

        public abstract bool DependsOnParameters { get; }

        public sbyte[] Eval(Binding b)
        {
            if (_cached)
                return _buffer;
            Compute(b, _buffer);
            _cached = !DependsOnParameters;
            return _buffer;
        }

        protected abstract void Compute(Binding b, sbyte[] dst);
    }

    private sealed class CompareEval(string op, NumEval left, NumEval right, int rows) : BoolEval(rows)
    {
        public override bool DependsOnParameters => left.DependsOnParameters || right.DependsOnParameters;

        protected override void Compute(Binding b, sbyte[] dst)
        {
            var l = left.Eval(b);
            var r = right.Eval(b);

            // Normalise to "vector op scalar" or "vector op vector" with the operator mirrored when the scalar is on the left,
            // then run one tight loop per operator (no delegate per element: this loop is the sweep's inner loop).
            var o = op;
            if (l.Vector is null && r.Vector is not null)
            {
                (l, r) = (r, l);
                o = Mirror(o);
            }

            if (l.Vector is null)
            {
                // Both scalar: the same answer on every row.
                var x = l.Scalar;
                var y = r.Scalar;
                Array.Fill(dst, double.IsNaN(x) || double.IsNaN(y) ? Unavailable : Apply(o, x, y) ? True : False);
                return;
            }

            if (r.Vector is null)
                FillScalar(o, l.Vector, r.Scalar, dst);
            else
                FillVector(o, l.Vector, r.Vector, dst);
        }

        private static string Mirror(string o) => o switch
        {
            "<" => ">",
            "<=" => ">=",
            ">" => "<",
            ">=" => "<=",
            _ => o,
        };

        private static bool Apply(string o, double x, double y) => o switch
        {
            "<" => x < y,
            "<=" => x <= y,
            ">" => x > y,
            ">=" => x >= y,
            "==" => x == y,
            _ => x != y,
        };

        private static void FillScalar(string o, double[] v, double s, sbyte[] dst)
        {
            if (double.IsNaN(s))
            {
                Array.Fill(dst, Unavailable);
                return;
            }

            switch (o)
            {
                case "<":
                    for (var i = 0; i < dst.Length; i++)
                        dst[i] = Tri(v[i], v[i] < s);
                    break;
                case "<=":
                    for (var i = 0; i < dst.Length; i++)
                        dst[i] = Tri(v[i], v[i] <= s);
                    break;
                case ">":
                    for (var i = 0; i < dst.Length; i++)
                        dst[i] = Tri(v[i], v[i] > s);
                    break;
                case ">=":
                    for (var i = 0; i < dst.Length; i++)
                        dst[i] = Tri(v[i], v[i] >= s);
                    break;
                case "==":
                    for (var i = 0; i < dst.Length; i++)
                        dst[i] = Tri(v[i], v[i] == s);
                    break;
                default:
                    for (var i = 0; i < dst.Length; i++)
                        dst[i] = Tri(v[i], v[i] != s);
                    break;
            }
        }

        private static void FillVector(string o, double[] a, double[] c, sbyte[] dst)
        {
            for (var i = 0; i < dst.Length; i++)
            {
                var x = a[i];
                var y = c[i];
                dst[i] = double.IsNaN(x) || double.IsNaN(y) ? Unavailable : Apply(o, x, y) ? True : False;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static sbyte Tri(double x, bool holds) => double.IsNaN(x) ? Unavailable : holds ? True : False;
    }

    private sealed class LogicalEval(string op, BoolEval left, BoolEval? right, int rows) : BoolEval(rows)
    {
        public override bool DependsOnParameters => left.DependsOnParameters || (right?.DependsOnParameters ?? false);

        protected override void Compute(Binding b, sbyte[] dst)
        {
            var l = left.Eval(b);
            if (right is null)
            {
                for (var i = 0; i < dst.Length; i++)
                    dst[i] = l[i] == Unavailable ? Unavailable : (sbyte)(1 - l[i]);
                return;
            }

            // Strict: a day with any missing input is unavailable, whatever the other side says. Over {-1, 0, 1} that is
            // exactly min(x, y) for "and"; for "or" it is max(x, y) unless either side is -1.
            var r = right.Eval(b);
            if (op == "and")
            {
                for (var i = 0; i < dst.Length; i++)
                    dst[i] = Math.Min(l[i], r[i]);
            }
            else
            {
                for (var i = 0; i < dst.Length; i++)
                {
                    var x = l[i];
                    var y = r[i];
                    dst[i] = Math.Min(x, y) == Unavailable ? Unavailable : Math.Max(x, y);
                }
            }
        }
    }
}
