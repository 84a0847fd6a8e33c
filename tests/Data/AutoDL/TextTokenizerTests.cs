using System.Text;
using AutoVision.Data.AutoDL.TextFormat;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class TextTokenizerTests
{
    [Fact]
    public void Next_MixedInput_YieldsTokensWithPositions()
    {
        var tokenizer = new TextTokenizer("a_1: -12 # note\n  { 'x' 0x1F 1.5e-3 }", "f");

        var tokens = new List<TextToken>();
        for (TextToken t = tokenizer.Next(); t.Kind != TextTokenKind.End; t = tokenizer.Next())
        {
            tokens.Add(t);
        }

        Assert.Equal(
            [
                (TextTokenKind.Identifier, "a_1", 1, 1),
                (TextTokenKind.Symbol, ":", 1, 4),
                (TextTokenKind.Symbol, "-", 1, 6),
                (TextTokenKind.Number, "12", 1, 7),
                (TextTokenKind.Symbol, "{", 2, 3),
                (TextTokenKind.String, "'x'", 2, 5),
                (TextTokenKind.Number, "0x1F", 2, 9),
                (TextTokenKind.Number, "1.5e-3", 2, 14),
                (TextTokenKind.Symbol, "}", 2, 21),
            ],
            tokens.Select(t => (t.Kind, t.Text, t.Line, t.Column)));
    }

    [Fact]
    public void Next_StringWithEscapes_UnescapesToUtf8Bytes()
    {
        var tokenizer = new TextTokenizer(@"""a\tb\\\101\x42\u00e9\U0001F600\'\""\?\0""", "f");

        TextToken token = tokenizer.Next();

        Assert.Equal("a\tb\\ABé😀'\"?\0", Encoding.UTF8.GetString(token.Bytes));
    }

    [Fact]
    public void Next_NonAsciiCharacterInString_IsEncodedAsUtf8()
    {
        Assert.Equal("héllo", Encoding.UTF8.GetString(new TextTokenizer("'héllo'", "f").Next().Bytes));
    }

    [Fact]
    public void Next_AtEnd_KeepsReturningEnd()
    {
        var tokenizer = new TextTokenizer("  # only a comment", "f");

        Assert.Equal(TextTokenKind.End, tokenizer.Next().Kind);
        Assert.Equal(TextTokenKind.End, tokenizer.Next().Kind);
    }

    [Theory]
    [InlineData(@"'\x'", "1:2: expected 1 hex digit(s) after \\x")]
    [InlineData(@"'\400'", "1:2: octal escape is larger than \\377")]
    [InlineData(@"'\uD800'", "1:2: \\u escape is not a valid Unicode scalar value")]
    [InlineData("\n  'abc", "2:3: unterminated string: expected closing '")]
    [InlineData("  $", "1:3: unexpected character '$' (U+0024)")]
    public void Next_MalformedInput_ThrowsWithPosition(string text, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => new TextTokenizer(text, "f").Next());

        Assert.Equal($"f:{expected}", ex.Message);
    }
}
