using AutoVision.Data.AutoDL.TextFormat;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class TextFieldReaderTests
{
    private readonly TextFieldReader _reader = new("f");

    [Theory]
    [InlineData("n: 42", 42)]
    [InlineData("n: -7", -7)]
    [InlineData("n: 0x10", 16)]
    [InlineData("n: 010", 8)]
    [InlineData("n: 2147483647", int.MaxValue)]
    [InlineData("n: -2147483648", int.MinValue)]
    [InlineData("other: 1", 5)]
    public void Int32_Value_IsParsedOrDefaulted(string text, int expected)
    {
        Assert.Equal(expected, _reader.Int32(TextParser.Parse(text, "f"), "n", 5));
    }

    [Theory]
    [InlineData("n: 2147483648")]
    [InlineData("n: 09")]
    [InlineData("n: 0xZZ")]
    [InlineData("n: nan")]
    public void Int32_InvalidValue_Throws(string text)
    {
        Assert.Throws<InvalidDataException>(() => _reader.Int32(TextParser.Parse(text, "f"), "n", 0));
    }

    [Fact]
    public void String_InvalidUtf8Escape_Throws()
    {
        var ex = Assert.Throws<InvalidDataException>(() => _reader.String(TextParser.Parse(@"s: '\xff'", "f"), "s", ""));

        Assert.Equal("f:1:4: expected valid UTF-8 in the string for 's'", ex.Message);
    }

    [Fact]
    public void StringInt32Map_MissingKeyOrValue_UsesProtoDefaults()
    {
        var map = _reader.StringInt32Map(TextParser.Parse("m { value: 3 } m { key: 'k' }", "f"), "m");

        Assert.Equal(3, map[""]);
        Assert.Equal(0, map["k"]);
    }

    [Fact]
    public void Messages_ScalarGiven_ThrowsExpectedMessage()
    {
        var ex = Assert.Throws<InvalidDataException>(() => _reader.Messages(TextParser.Parse("m: 1", "f"), "m"));

        Assert.Equal("f:1:4: expected a message '{ ... }' for 'm' but found '1'", ex.Message);
    }
}
