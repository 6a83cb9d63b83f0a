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
    public override bool IsBoolean => false;

    public override string ToText() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A panel column by name.</summary>
public sealed record ColumnNode(int Position, string Name) : ConditionNode(Position)
{
    public override bool IsBoolean => false;

    public override string ToText() => Name;
}

/// <summary>A named parameter (<c>$name</c>), bound from the rule's parameters or a sweep variant.</summary>
public sealed record ParameterNode(int Position, string Name) : ConditionNode(Position)
{
    public override bool IsBoolean => false;

    public override string ToText() => "$" + Name;
}

/// <summary>Arithmetic: + − × ÷, or unary minus (Left null).</summary>
public sealed record ArithmeticNode(int Position, char Op, ConditionNode? Left, ConditionNode Right) : ConditionNode(Position)
{
    public override bool IsBoolean => false;

    public override string ToText() => Left is null ? "-" + Right.ToText() : $"({Left.ToText()} {Op} {Right.ToText()})";
}

/// <summary><c>prev(x)</c> (the previous panel row) or <c>sma(x, n)</c> (mean of the last n rows, this one included).</summary>
public sealed record FunctionNode(int Position, string Name, ConditionNode Argument, int Period) : ConditionNode(Position)
{
    public override bool IsBoolean => false;

    public override string ToText() => Name == "prev" ? $"prev({Argument.ToText()})" : $"sma({Argument.ToText()}, {Period.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>A comparison of two numeric expressions.</summary>
public sealed record ComparisonNode(int Position, string Op, ConditionNode Left, ConditionNode Right) : ConditionNode(Position)
{
    public override bool IsBoolean => true;

    public override string ToText() => $"{Left.ToText()} {Op} {Right.ToText()}";
}

/// <summary><c>and</c>, <c>or</c> (Right set) or <c>not</c> (Right null).</summary>
public sealed record LogicalNode(int Position, string Op, ConditionNode Left, ConditionNode? Right) : ConditionNode(Position)
{
    public override bool IsBoolean => true;

    public override string ToText() => Right is null ? $"not ({Left.ToText()})" : $"({Left.ToText()} {Op} {Right.ToText()})";
}

/// <summary>A rule condition that cannot be parsed: the 1-based character position and what was expected.</summary>
public sealed class ConditionSyntaxException : Exception
{
    public ConditionSyntaxException(int position, string problem)
        : base($"at position {position.ToString(CultureInfo.InvariantCulture)}: {problem}") => (Position, Problem) = (position, problem);

    /// <summary>1-based character position in the condition text.</summary>
    public int Position { get; }

    /// <summary>What was expected and what was found.</summary>
    public string Problem { get; }
}
