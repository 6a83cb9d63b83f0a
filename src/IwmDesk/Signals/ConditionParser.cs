using System.Globalization;

namespace IwmDesk.Signals;

/// <summary>
/// Parses rule conditions. Grammar (precedence low → high):
/// <code>
/// expr   := and ('or' and)*
/// and    := not ('and' not)*
/// not    := 'not' not | cmp
/// cmp    := sum (('&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!=') sum)?
/// sum    := prod (('+' | '-') prod)*
/// prod   := unary (('*' | '/') unary)*
/// unary  := '-' unary | atom
/// atom   := number | column | '$'param | 'prev' '(' sum ')' | 'sma' '(' sum ',' integer ')' | '(' expr ')'
/// </code>
/// The whole condition must be boolean. Column names are checked against the known panel columns.
/// </summary>
public sealed class ConditionParser
{
    private readonly string _text;
    private readonly IReadOnlySet<string> _columns;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;

    /// <summary>The deepest nesting of parentheses, <c>not</c>, unary minus and functions a condition may have.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most tokens (names, numbers, operators) a condition may have; parsing is linear in them.</summary>
    public const int MaxTokens = 2000;

    /// <summary>The longest condition text accepted.</summary>
    public const int MaxLength = 20_000;

    private ConditionParser(string text, IReadOnlySet<string> columns)
    {
        _text = text;
        _columns = columns;
        _tokens = Tokenize(text);
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ConditionSyntaxException"/> naming the position and what was expected.</summary>
    public static ConditionNode Parse(string text, IReadOnlySet<string> knownColumns)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
            throw new ConditionSyntaxException(1, $"the condition is {text.Length} characters long; at most {MaxLength} are accepted");
        var p = new ConditionParser(text, knownColumns);
        if (p._tokens.Count > MaxTokens + 1)
            throw new ConditionSyntaxException(1, $"the condition has {p._tokens.Count - 1} terms and operators; at most {MaxTokens} are accepted");
        var node = p.ParseOr();
        if (p.Peek.Kind != TokenKind.End)
            throw p.Error($"expected 'and', 'or' or the end of the condition but found {p.Peek.Describe()}");
        if (!node.IsBoolean)
            throw new ConditionSyntaxException(1, "the condition must be a comparison or a logical expression, not a number");
        return node;
    }

    private Token Peek => _tokens[_pos];

    private Token Next() => _tokens[_pos++];

    private ConditionSyntaxException Error(string problem) => new(Peek.Position, problem);

    /// <summary>Enters one nesting level (a recursive descent), refusing conditions nested deeper than <see cref="MaxDepth"/>.</summary>
    private void Enter()
    {
        if (++_depth > MaxDepth)
            throw Error($"the condition is nested more than {MaxDepth} levels deep (parentheses, not, unary minus, functions)");
    }

    private ConditionNode ParseOr()
    {
        var left = ParseAnd();
        while (Peek.IsWord("or"))
        {
            var t = Next();
            var right = ParseAnd();
            left = new LogicalNode(t.Position, "or", RequireBoolean(left, t), RequireBoolean(right, t));
        }

        return left;
    }

    private ConditionNode ParseAnd()
    {
        var left = ParseNot();
        while (Peek.IsWord("and"))
        {
            var t = Next();
            var right = ParseNot();
            left = new LogicalNode(t.Position, "and", RequireBoolean(left, t), RequireBoolean(right, t));
        }

        return left;
    }

    private ConditionNode ParseNot()
    {
        if (Peek.IsWord("not"))
        {
            var t = Next();
            Enter();
            var operand = ParseNot();
            _depth--;
            return new LogicalNode(t.Position, "not", RequireBoolean(operand, t), null);
        }

        return ParseComparison();
    }

    private ConditionNode ParseComparison()
    {
        var left = ParseSum();
        if (Peek.Kind == TokenKind.Compare)
        {
            var t = Next();
            var right = ParseSum();
            if (left.IsBoolean || right.IsBoolean)
                throw new ConditionSyntaxException(t.Position, $"'{t.Text}' compares numbers; put parentheses around logical parts");
            return new ComparisonNode(t.Position, t.Text, left, right);
        }

        return left;
    }

    private ConditionNode ParseSum()
    {
        var left = ParseProduct();
        while (Peek.Kind == TokenKind.Symbol && Peek.Text is "+" or "-")
        {
            var t = Next();
            left = new ArithmeticNode(t.Position, t.Text[0], RequireNumeric(left, t), RequireNumeric(ParseProduct(), t));
        }

        return left;
    }

    private ConditionNode ParseProduct()
    {
        var left = ParseUnary();
        while (Peek.Kind == TokenKind.Symbol && Peek.Text is "*" or "/")
        {
            var t = Next();
            left = new ArithmeticNode(t.Position, t.Text[0], RequireNumeric(left, t), RequireNumeric(ParseUnary(), t));
        }

        return left;
    }

    private ConditionNode ParseUnary()
    {
        if (Peek.Kind == TokenKind.Symbol && Peek.Text == "-")
        {
            var t = Next();
            Enter();
            var operand = ParseUnary();
            _depth--;
            return new ArithmeticNode(t.Position, '-', null, RequireNumeric(operand, t));
        }

        return ParseAtom();
    }

    private ConditionNode ParseAtom()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Next();
                return new NumberNode(t.Position, t.Number);
            case TokenKind.Parameter:
                Next();
                return new ParameterNode(t.Position, t.Text);
            case TokenKind.Symbol when t.Text == "(":
            {
                Next();
                Enter();
                var inner = ParseOr();
                _depth--;
                Expect(")");
                return inner;
            }

            case TokenKind.Word when t.Text is "prev" or "sma":
                return ParseFunction();
            case TokenKind.Word when t.Text is "and" or "or" or "not":
                throw Error($"expected a column name, number or '(' but found '{t.Text}'");
            case TokenKind.Word:
                Next();
                if (!_columns.Contains(t.Text))
                    throw new ConditionSyntaxException(t.Position, $"unknown column '{t.Text}' (known: {string.Join(", ", _columns.Order(StringComparer.Ordinal))})");
                return new ColumnNode(t.Position, t.Text);
            default:
                throw Error($"expected a column name, number or '(' but found {t.Describe()}");
        }
    }

    private FunctionNode ParseFunction()
    {
        var name = Next();
        Expect("(");
        Enter();
        var arg = RequireNumeric(ParseSum(), name);
        _depth--;
        var period = 1;
        if (name.Text == "sma")
        {
            Expect(",");
            var n = Peek;
            if (n.Kind != TokenKind.Number || n.Number < 1 || n.Number != Math.Floor(n.Number) || n.Number > 100_000)
                throw Error($"expected a whole number of rows ≥ 1 for sma's period but found {n.Describe()}");
            Next();
            period = (int)n.Number;
        }

        Expect(")");
        return new FunctionNode(name.Position, name.Text, arg, period);
    }

    private void Expect(string symbol)
    {
        if (Peek.Kind != TokenKind.Symbol || Peek.Text != symbol)
            throw Error($"expected '{symbol}' but found {Peek.Describe()}");
        Next();
    }

    private static ConditionNode RequireNumeric(ConditionNode node, Token op) =>
        node.IsBoolean ? throw new ConditionSyntaxException(op.Position, $"'{op.Text}' needs a number, not a comparison") : node;

    private static ConditionNode RequireBoolean(ConditionNode node, Token op) =>
        node.IsBoolean ? node : throw new ConditionSyntaxException(op.Position, $"'{op.Text}' needs a comparison on each side, not a bare number");

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                    i++;
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    i++;
                    if (i < text.Length && text[i] is '+' or '-')
                        i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                        i++;
                }

                var s = text[start..i];
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new ConditionSyntaxException(start + 1, $"'{s}' is not a number");
                tokens.Add(new Token(TokenKind.Number, s, start + 1, v));
            }
            else if (char.IsAsciiLetter(c) || c == '_' || c == '$')
            {
                i++;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                var s = text[start..i];
                if (c == '$')
                {
                    if (s.Length == 1)
                        throw new ConditionSyntaxException(start + 1, "expected a parameter name after '$'");
                    tokens.Add(new Token(TokenKind.Parameter, s[1..], start + 1, 0));
                }
                else
                {
                    tokens.Add(new Token(TokenKind.Word, s, start + 1, 0));
                }
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                i++;
                if (i < text.Length && text[i] == '=')
                    i++;
                var s = text[start..i];
                if (s is "=" or "!")
                    throw new ConditionSyntaxException(start + 1, $"'{s}' is not an operator (use '==' or '!=')");
                tokens.Add(new Token(TokenKind.Compare, s, start + 1, 0));
            }
            else if (c is '(' or ')' or ',' or '+' or '-' or '*' or '/')
            {
                i++;
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), start + 1, 0));
            }
            else
            {
                throw new ConditionSyntaxException(start + 1, $"unexpected character '{c}'");
            }
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length + 1, 0));
        return tokens;
    }

    private enum TokenKind
    {
        Number,
        Word,
        Parameter,
        Compare,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position, double Number)
    {
        public bool IsWord(string w) => Kind == TokenKind.Word && Text == w;

        public string Describe() => Kind == TokenKind.End ? "the end of the condition" : $"'{Text}'";
    }
}
