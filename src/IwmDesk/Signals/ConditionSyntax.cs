using System.Globalization;

namespace IwmDesk.Signals;

/// <summary>A node of a parsed rule condition. Numeric nodes yield a value per panel row; boolean nodes a tri-state.</summary>
public abstract record ConditionNode(int Position)
{
    /// <summary>True for comparisons and logical operators.</summary>
    public abstract bool IsBoolean { get; }

    /// <summary>The expression written back as text (canonical spacing).</summary>
    public abstract string ToText();
}

/// <summary>A number literal.</summary>
public sealed record NumberNode(int Position, double Value) : ConditionNode(Position)
{
    /// <summary>False: a number is numeric.</summary>
    public override bool IsBoolean => false;

    /// <summary>The number in round-trip invariant form (e.g. <c>1.5</c>).</summary>
    public override string ToText() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A panel column by name.</summary>
public sealed record ColumnNode(int Position, string Name) : ConditionNode(Position)
{
    /// <summary>False: a column is numeric.</summary>
    public override bool IsBoolean => false;

    /// <summary>The column name as written (e.g. <c>vix</c>).</summary>
    public override string ToText() => Name;
}

/// <summary>A named parameter (<c>$name</c>), bound from the rule's parameters or a sweep variant.</summary>
public sealed record ParameterNode(int Position, string Name) : ConditionNode(Position)
{
    /// <summary>False: a parameter is numeric.</summary>
    public override bool IsBoolean => false;

    /// <summary>The parameter as written, <c>$name</c> (unbound).</summary>
    public override string ToText() => "$" + Name;
}

/// <summary>Arithmetic: + − × ÷, or unary minus (Left null).</summary>
public sealed record ArithmeticNode(int Position, char Op, ConditionNode? Left, ConditionNode Right) : ConditionNode(Position)
{
    /// <summary>False: arithmetic is numeric.</summary>
    public override bool IsBoolean => false;

    /// <summary><c>(left op right)</c> in parentheses, or <c>-right</c> for unary minus.</summary>
    public override string ToText() => Left is null ? "-" + Right.ToText() : $"({Left.ToText()} {Op} {Right.ToText()})";
}

/// <summary><c>prev(x)</c> (the previous panel row) or <c>sma(x, n)</c> (mean of the last n rows, this one included).</summary>
public sealed record FunctionNode(int Position, string Name, ConditionNode Argument, int Period) : ConditionNode(Position)
{
    /// <summary>False: <c>prev</c> and <c>sma</c> are numeric.</summary>
    public override bool IsBoolean => false;

    /// <summary><c>prev(x)</c> or <c>sma(x, n)</c>.</summary>
    public override string ToText() => Name == "prev" ? $"prev({Argument.ToText()})" : $"sma({Argument.ToText()}, {Period.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>A comparison of two numeric expressions.</summary>
public sealed record ComparisonNode(int Position, string Op, ConditionNode Left, ConditionNode Right) : ConditionNode(Position)
{
    /// <summary>True: a comparison is boolean.</summary>
    public override bool IsBoolean => true;

    /// <summary><c>left op right</c>, without parentheses.</summary>
    public override string ToText() => $"{Left.ToText()} {Op} {Right.ToText()}";
}

/// <summary><c>and</c>, <c>or</c> (Right set) or <c>not</c> (Right null).</summary>
public sealed record LogicalNode(int Position, string Op, ConditionNode Left, ConditionNode? Right) : ConditionNode(Position)
{
    /// <summary>True: <c>and</c>, <c>or</c> and <c>not</c> are boolean.</summary>
    public override bool IsBoolean => true;

    /// <summary><c>(left and right)</c> or <c>(left or right)</c> in parentheses, or <c>not (x)</c>.</summary>
    public override string ToText() => Right is null ? $"not ({Left.ToText()})" : $"({Left.ToText()} {Op} {Right.ToText()})";
}

/// <summary>A rule condition that cannot be parsed: the 1-based character position and what was expected.</summary>
public sealed class ConditionSyntaxException : Exception
{
    /// <summary>Creates the error; the message reads <c>at position N: problem</c>.</summary>
    public ConditionSyntaxException(int position, string problem)
        : base($"at position {position.ToString(CultureInfo.InvariantCulture)}: {problem}") => (Position, Problem) = (position, problem);

    /// <summary>1-based character position in the condition text.</summary>
    public int Position { get; }

    /// <summary>What was expected and what was found.</summary>
    public string Problem { get; }
}
