using System.Text;

namespace AutoVision.Data.AutoDL.TextFormat;

/// <summary>
/// Parses protobuf text format into a schema-free <see cref="TextMessage"/> tree.
/// </summary>
/// <remarks>
/// Google.Protobuf for C# has no text-format parser (it only reads the binary wire format and JSON), and no
/// NuGet package parses text format against a schema known only at run time, so this small hand-written
/// parser covers the grammar: <c>name: scalar</c>, <c>name { ... }</c> or <c>name: { ... }</c> or
/// <c>name &lt; ... &gt;</c>, list values <c>name: [v1, v2]</c>, optional <c>,</c>/<c>;</c> separators,
/// bracketed extension names, adjacent string literals (concatenated) and <c>#</c> comments.
/// </remarks>
internal sealed class TextParser
{
    private readonly TextTokenizer _tokenizer;
    private readonly string _sourcePath;
    private TextToken _current;

    private TextParser(string text, string sourcePath)
    {
        _sourcePath = sourcePath;
        _tokenizer = new TextTokenizer(text, sourcePath);
        _current = _tokenizer.Next();
    }

    /// <summary>Parses a whole document; errors are <see cref="InvalidDataException"/> naming file, line and column.</summary>
    public static TextMessage Parse(string text, string sourcePath)
    {
        var parser = new TextParser(text, sourcePath);
        TextMessage message = parser.ParseFields(closing: null);
        return message;
    }

    private TextMessage ParseFields(char? closing)
    {
        var fields = new List<TextField>();
        while (true)
        {
            if (_current.Kind == TextTokenKind.End)
            {
                if (closing is { } c)
                {
                    throw Expected($"'{c}' to close the message");
                }

                return new TextMessage(fields);
            }

            if (closing is { } close && _current.IsSymbol(close))
            {
                Advance();
                return new TextMessage(fields);
            }

            ParseField(fields);
            if (_current.IsSymbol(',') || _current.IsSymbol(';'))
            {
                Advance();
            }
        }
    }

    private void ParseField(List<TextField> fields)
    {
        TextToken nameToken = _current;
        string name = ParseFieldName();
        bool colon = false;
        if (_current.IsSymbol(':'))
        {
            colon = true;
            Advance();
        }

        if (_current.IsSymbol('['))
        {
            Advance();
            if (_current.IsSymbol(']'))
            {
                Advance();
                return;
            }

            while (true)
            {
                fields.Add(ParseValue(name, nameToken, colonSeen: true, fromList: true));
                if (_current.IsSymbol(','))
                {
                    Advance();
                    continue;
                }

                if (_current.IsSymbol(']'))
                {
                    Advance();
                    return;
                }

                throw Expected($"',' or ']' in the list value of '{name}'");
            }
        }

        fields.Add(ParseValue(name, nameToken, colon, fromList: false));
    }

    private string ParseFieldName()
    {
        if (_current.Kind == TextTokenKind.Identifier)
        {
            string name = _current.Text;
            Advance();
            return name;
        }

        if (_current.IsSymbol('['))
        {
            // Extension or Any type URL: [pkg.ext] or [type.googleapis.com/pkg.Msg].
            var sb = new StringBuilder("[");
            Advance();
            while (!_current.IsSymbol(']'))
            {
                if (_current.Kind is not (TextTokenKind.Identifier or TextTokenKind.Symbol) || _current.IsSymbol('['))
                {
                    throw Expected("an extension name followed by ']'");
                }

                sb.Append(_current.Text);
                Advance();
            }

            Advance();
            return sb.Append(']').ToString();
        }

        throw Expected("a field name");
    }

    private TextField ParseValue(string name, TextToken nameToken, bool colonSeen, bool fromList)
    {
        if (_current.IsSymbol('{') || _current.IsSymbol('<'))
        {
            char close = _current.IsSymbol('{') ? '}' : '>';
            Advance();
            TextMessage message = ParseFields(close);
            return new TextField(name, nameToken.Line, nameToken.Column, null, message, fromList);
        }

        if (!colonSeen)
        {
            throw Expected($"':' after field name '{name}'");
        }

        return new TextField(name, nameToken.Line, nameToken.Column, ParseScalar(name), null, fromList);
    }

    private TextToken ParseScalar(string name)
    {
        TextToken start = _current;
        if (_current.IsSymbol('-'))
        {
            Advance();
            if (_current.Kind is not (TextTokenKind.Number or TextTokenKind.Identifier))
            {
                throw Expected($"a number after '-' in the value of '{name}'");
            }

            TextToken signed = _current with { Text = "-" + _current.Text, Line = start.Line, Column = start.Column };
            Advance();
            return signed;
        }

        if (_current.Kind is TextTokenKind.Number or TextTokenKind.Identifier)
        {
            TextToken token = _current;
            Advance();
            return token;
        }

        if (_current.Kind == TextTokenKind.String)
        {
            // Adjacent string literals are concatenated, as in C.
            var bytes = new List<byte>(_current.Bytes);
            var text = new StringBuilder(_current.Text);
            Advance();
            while (_current.Kind == TextTokenKind.String)
            {
                bytes.AddRange(_current.Bytes);
                text.Append(' ').Append(_current.Text);
                Advance();
            }

            return start with { Text = text.ToString(), Bytes = [.. bytes] };
        }

        throw Expected($"a value for field '{name}' (number, identifier, string or '{{')");
    }

    private void Advance() => _current = _tokenizer.Next();

    private InvalidDataException Expected(string what) =>
        TextFormatErrors.At(_sourcePath, _current.Line, _current.Column, $"expected {what} but found {_current.Describe()}");
}
