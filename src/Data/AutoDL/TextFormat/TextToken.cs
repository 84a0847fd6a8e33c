namespace AutoVision.Data.AutoDL.TextFormat;

/// <summary>Kinds of lexical tokens of the protobuf text format.</summary>
internal enum TextTokenKind
{
    /// <summary>Field name, enum name or keyword such as <c>true</c>.</summary>
    Identifier,

    /// <summary>Integer or floating-point literal (sign not included).</summary>
    Number,

    /// <summary>Quoted string; <see cref="TextToken.Value"/> holds the unescaped bytes as UTF-8.</summary>
    String,

    /// <summary>Single punctuation character such as <c>{</c> or <c>:</c>.</summary>
    Symbol,

    /// <summary>End of input.</summary>
    End,
}

/// <summary>One token with its 1-based source position.</summary>
/// <param name="Kind">Token kind.</param>
/// <param name="Text">Source text of the token (for strings: the quoted literal).</param>
/// <param name="Line">1-based line of the first character.</param>
/// <param name="Column">1-based column of the first character.</param>
/// <param name="Bytes">For <see cref="TextTokenKind.String"/>: the unescaped bytes; otherwise empty.</param>
internal readonly record struct TextToken(TextTokenKind Kind, string Text, int Line, int Column, byte[] Bytes)
{
    /// <summary>Whether this is the given symbol.</summary>
    public bool IsSymbol(char symbol) => Kind == TextTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    /// <summary>Short human-readable description for error messages.</summary>
    public string Describe() => Kind switch
    {
        TextTokenKind.End => "end of input",
        TextTokenKind.String => $"string {Text}",
        _ => $"'{Text}'",
    };
}
