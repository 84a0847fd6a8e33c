using System.Text;

namespace AutoVision.Data.AutoDL.TextFormat;

/// <summary>
/// Splits protobuf text format into tokens: identifiers, numbers, quoted strings (single or double quotes,
/// C-style escapes) and one-character symbols. <c>#</c> starts a comment that runs to the end of the line.
/// </summary>
internal sealed class TextTokenizer
{
    private readonly string _text;
    private readonly string _sourcePath;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _escapeColumn;

    public TextTokenizer(string text, string sourcePath)
    {
        _text = text;
        _sourcePath = sourcePath;
    }

    /// <summary>Reads the next token; returns <see cref="TextTokenKind.End"/> at the end of input (repeatedly).</summary>
    public TextToken Next()
    {
        SkipWhitespaceAndComments();
        int line = _line;
        int column = _pos - _lineStart + 1;
        if (_pos >= _text.Length)
        {
            return new TextToken(TextTokenKind.End, string.Empty, line, column, []);
        }

        char c = _text[_pos];
        if (IsIdentifierStart(c))
        {
            int start = _pos;
            while (_pos < _text.Length && IsIdentifierPart(_text[_pos]))
            {
                _pos++;
            }

            return new TextToken(TextTokenKind.Identifier, _text[start.._pos], line, column, []);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            return ReadNumber(line, column);
        }

        if (c == '"' || c == '\'')
        {
            return ReadString(line, column);
        }

        if ("{}[]<>:;,-/.()".Contains(c))
        {
            _pos++;
            return new TextToken(TextTokenKind.Symbol, c.ToString(), line, column, []);
        }

        throw TextFormatErrors.At(_sourcePath, line, column, $"unexpected character '{c}' (U+{(int)c:X4})");
    }

    private void SkipWhitespaceAndComments()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r' or '\f' or '\v' || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private TextToken ReadNumber(int line, int column)
    {
        int start = _pos;
        bool hex = _text[_pos] == '0' && _pos + 1 < _text.Length && (_text[_pos + 1] is 'x' or 'X');
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            bool exponentSign = !hex && (c is '+' or '-') && _text[_pos - 1] is 'e' or 'E';
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' || exponentSign))
            {
                break;
            }

            _pos++;
        }

        return new TextToken(TextTokenKind.Number, _text[start.._pos], line, column, []);
    }

    private TextToken ReadString(int line, int column)
    {
        int start = _pos;
        char quote = _text[_pos++];
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw TextFormatErrors.At(_sourcePath, line, column, $"unterminated string: expected closing {quote}");
            }

            char c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                break;
            }

            if (c == '\\')
            {
                ReadEscape(bytes);
                continue;
            }

            if (Rune.DecodeFromUtf16(_text.AsSpan(_pos), out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                throw TextFormatErrors.At(_sourcePath, _line, _pos - _lineStart + 1, "invalid UTF-16 (unpaired surrogate) in string literal");
            }

            int n = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++)
            {
                bytes.Add(utf8[i]);
            }

            _pos += consumed;
        }

        return new TextToken(TextTokenKind.String, _text[start.._pos], line, column, [.. bytes]);
    }

    private void ReadEscape(List<byte> bytes)
    {
        _escapeColumn = _pos - _lineStart + 1;
        _pos++; // backslash
        if (_pos >= _text.Length)
        {
            throw Error("expected an escape character after '\\'");
        }

        char e = _text[_pos++];
        switch (e)
        {
            case 'a': bytes.Add(0x07); return;
            case 'b': bytes.Add(0x08); return;
            case 'f': bytes.Add(0x0C); return;
            case 'n': bytes.Add(0x0A); return;
            case 'r': bytes.Add(0x0D); return;
            case 't': bytes.Add(0x09); return;
            case 'v': bytes.Add(0x0B); return;
            case '\\': bytes.Add((byte)'\\'); return;
            case '?': bytes.Add((byte)'?'); return;
            case '\'': bytes.Add((byte)'\''); return;
            case '"': bytes.Add((byte)'"'); return;
        }

        if (e is >= '0' and <= '7')
        {
            int value = e - '0';
            for (int i = 0; i < 2 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7'; i++)
            {
                value = (value * 8) + (_text[_pos++] - '0');
            }

            if (value > 0xFF)
            {
                throw Error("octal escape is larger than \\377");
            }

            bytes.Add((byte)value);
            return;
        }

        if (e is 'x' or 'X')
        {
            bytes.Add((byte)ReadHexDigits(1, 2, "\\x"));
            return;
        }

        if (e is 'u' or 'U')
        {
            int digits = e == 'u' ? 4 : 8;
            int codePoint = ReadHexDigits(digits, digits, "\\" + e);
            if (!Rune.IsValid(codePoint))
            {
                throw Error($"\\{e} escape is not a valid Unicode scalar value");
            }

            Span<byte> utf8 = stackalloc byte[4];
            int n = new Rune(codePoint).EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++)
            {
                bytes.Add(utf8[i]);
            }

            return;
        }

        throw Error($"unknown escape sequence '\\{e}': expected one of \\a \\b \\f \\n \\r \\t \\v \\\\ \\? \\' \\\" \\NNN \\xHH \\uHHHH \\UHHHHHHHH");
    }

    private int ReadHexDigits(int min, int max, string escape)
    {
        int value = 0;
        int count = 0;
        while (count < max && _pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
        {
            value = (value * 16) + Convert.ToInt32(_text[_pos].ToString(), 16);
            _pos++;
            count++;
        }

        if (count < min)
        {
            throw Error($"expected {min} hex digit(s) after {escape}");
        }

        return value;
    }

    /// <summary>Error inside a string literal, reported at the backslash of the current escape.</summary>
    private InvalidDataException Error(string message) =>
        TextFormatErrors.At(_sourcePath, _line, _escapeColumn, message);

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
