using System.Text;
using AutoVision.Data.AutoDL.TextFormat;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class TextParserTests
{
    [Fact]
    public void Parse_NestedMessagesAndScalars_BuildsTreeInSourceOrder()
    {
        TextMessage root = TextParser.Parse("a: 1\nb { c: 'x' d < e: -2 > }\na: 3", "f");

        Assert.Equal(["a", "b", "a"], root.Fields.Select(f => f.Name));
        Assert.Equal("3", root.Last("a")!.Scalar!.Value.Text);
        TextMessage b = root.Last("b")!.Message!;
        Assert.Equal("x", Encoding.UTF8.GetString(b.Last("c")!.Scalar!.Value.Bytes));
        Assert.Equal("-2", b.Last("d")!.Message!.Last("e")!.Scalar!.Value.Text);
        Assert.Equal((2, 1), (root.Fields[1].Line, root.Fields[1].Column));
    }

    [Fact]
    public void Parse_ListValue_ExpandsToFieldsMarkedFromList()
    {
        TextMessage root = TextParser.Parse("v: [1, -2, 'z'] m [{ x: 1 }, { x: 2 }] empty: []", "f");

        Assert.Equal(["1", "-2", "'z'"], root.All("v").Select(f => f.Scalar!.Value.Text));
        Assert.All(root.All("v"), f => Assert.True(f.FromList));
        Assert.Equal(2, root.All("m").Count());
        Assert.Empty(root.All("empty"));
    }

    [Fact]
    public void Parse_AdjacentStrings_AreConcatenated()
    {
        TextMessage root = TextParser.Parse("s: 'ab' \"cd\"\n 'ef'", "f");

        Assert.Equal("abcdef", Encoding.UTF8.GetString(root.Last("s")!.Scalar!.Value.Bytes));
    }

    [Fact]
    public void Parse_ExtensionName_IsKeptWithBrackets()
    {
        TextMessage root = TextParser.Parse("[type.googleapis.com/pkg.Msg] { a: 1 }", "f");

        Assert.Equal("[type.googleapis.com/pkg.Msg]", Assert.Single(root.Fields).Name);
    }

    [Theory]
    [InlineData("a: [1 2]", "1:7: expected ',' or ']' in the list value of 'a' but found '2'")]
    [InlineData("a: -'x'", "1:5: expected a number after '-' in the value of 'a' but found string 'x'")]
    [InlineData("a: }", "1:4: expected a value for field 'a' (number, identifier, string or '{') but found '}'")]
    [InlineData("a { b: 1 >", "1:10: expected a field name but found '>'")]
    public void Parse_Malformed_ThrowsWithPositionAndExpectation(string text, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => TextParser.Parse(text, "f"));

        Assert.Equal($"f:{expected}", ex.Message);
    }
}
