using AutoVision.Data.AutoDL;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class DataSpecificationTests
{
    private const string Source = "test/metadata.textproto";

    [Fact]
    public void Load_MiniciaoTrain_ReadsEveryField()
    {
        var spec = DataSpecification.Load(Path.Combine(TestPaths.Dataset("miniciao"), "miniciao.data", "train", "metadata.textproto"));

        Assert.Equal(new MatrixSpec(32, 32, MatrixFormat.Compressed, 3, false, false, true, true), spec.Matrix);
        Assert.False(spec.IsSequence);
        Assert.Equal(10, spec.OutputDim);
        Assert.Equal(1, spec.SequenceSize);
        Assert.Equal(82, spec.SampleCount);
        Assert.Equal(3, spec.Channels);
        string[] names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
        Assert.Equal(names.Select((n, i) => KeyValuePair.Create(n, i)).OrderBy(p => p.Key, StringComparer.Ordinal), spec.LabelToIndex.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Empty(spec.FeatureToIndex);
        Assert.Empty(spec.ChannelToIndex);
    }

    [Fact]
    public void Load_MiniciaoLabelNames_MatchLabelNameFile()
    {
        string dir = TestPaths.Dataset("miniciao");
        var spec = DataSpecification.Load(Path.Combine(dir, "miniciao.data", "test", "metadata.textproto"));
        string[] fromFile = File.ReadAllLines(Path.Combine(dir, "miniciao_label.name")).Where(l => l.Length > 0).ToArray();

        Assert.Equal(fromFile, spec.LabelToIndex.OrderBy(p => p.Value).Select(p => p.Key));
        Assert.Equal(18, spec.SampleCount);
    }

    [Fact]
    public void Load_MonkeysWithoutNumChannels_ResolvesThreeChannelsAndVariableSize()
    {
        var spec = DataSpecification.Load(Path.Combine(TestPaths.Dataset("Monkeys"), "Monkeys.data", "train", "metadata.textproto"));

        Assert.Equal(-1, spec.Matrix.NumChannels);
        Assert.Equal(3, spec.Channels);
        Assert.Equal(-1, spec.Matrix.RowCount);
        Assert.Equal(-1, spec.Matrix.ColCount);
        Assert.Equal(MatrixFormat.Compressed, spec.Matrix.Format);
        Assert.Empty(spec.LabelToIndex);
        Assert.Equal(26, spec.SampleCount);
    }

    [Fact]
    public void Load_Mini1WithoutSequenceSize_DefaultsToOneFrameOneChannel()
    {
        var spec = DataSpecification.Load(Path.Combine(TestPaths.Dataset("mini1"), "mini1.data", "train", "metadata.textproto"));

        Assert.Equal(1, spec.SequenceSize);
        Assert.Equal(MatrixFormat.Dense, spec.Matrix.Format);
        Assert.Equal(1, spec.Channels);
        Assert.Equal((28, 28), (spec.Matrix.RowCount, spec.Matrix.ColCount));
        Assert.Equal(50, spec.SampleCount);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => DataSpecification.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "metadata.textproto")));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("t", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("f", false)]
    [InlineData("0", false)]
    public void Parse_BooleanSpelling_IsAccepted(string text, bool expected)
    {
        var spec = DataSpecification.Parse($"is_sequence: {text}\nmatrix_spec {{ is_sequence_col: {text} has_locality_row: {text} }}", Source);

        Assert.Equal(expected, spec.IsSequence);
        Assert.Equal(expected, spec.Matrix.IsSequenceCol);
        Assert.Equal(expected, spec.Matrix.HasLocalityRow);
    }

    [Fact]
    public void Parse_InvalidBoolean_ThrowsNamingLineColumnAndExpectation()
    {
        var ex = Assert.Throws<InvalidDataException>(() => DataSpecification.Parse("matrix_spec {}\nis_sequence: yes", Source));

        Assert.Equal($"{Source}:2:14: expected a boolean (true/false/True/False/t/f/1/0) for 'is_sequence' but found 'yes'", ex.Message);
    }

    [Fact]
    public void Parse_MapKeysWithSingleAndDoubleQuotesAndEscapes_AreUnescaped()
    {
        const string text = """
            matrix_spec {}
            label_to_index_map { key: 'cat' value: 3 }
            label_to_index_map { key: "dog" value: 5 }
            label_to_index_map { key: 'it\'s' value: 1 }
            label_to_index_map { key: "say \"hi\"\n" value: 2 }
            label_to_index_map { key: '\x41\102\u00e9' value: 4 }
            label_to_index_map { key: 'caf' "é" value: 6 }
            channel_to_index_map { key: 'a' value: 0 }
            feature_to_index_map { key: 'f' value: 7 }
            """;

        var spec = DataSpecification.Parse(text, Source);

        Assert.Equal(3, spec.LabelToIndex["cat"]);
        Assert.Equal(5, spec.LabelToIndex["dog"]);
        Assert.Equal(1, spec.LabelToIndex["it's"]);
        Assert.Equal(2, spec.LabelToIndex["say \"hi\"\n"]);
        Assert.Equal(4, spec.LabelToIndex["ABé"]);
        Assert.Equal(6, spec.LabelToIndex["café"]);
        Assert.Equal(0, spec.ChannelToIndex["a"]);
        Assert.Equal(7, spec.FeatureToIndex["f"]);
    }

    [Fact]
    public void Parse_MapEntryRepeatedKey_KeepsLastValue()
    {
        var spec = DataSpecification.Parse("matrix_spec {} label_to_index_map { key: 'a' value: 1 } label_to_index_map { value: 2 key: 'a' }", Source);

        Assert.Equal(2, spec.LabelToIndex["a"]);
        Assert.Single(spec.LabelToIndex);
    }

    [Theory]
    [InlineData("DENSE", MatrixFormat.Dense)]
    [InlineData("SPARSE", MatrixFormat.Sparse)]
    [InlineData("COMPRESSED", MatrixFormat.Compressed)]
    [InlineData("0", MatrixFormat.Dense)]
    [InlineData("1", MatrixFormat.Sparse)]
    [InlineData("2", MatrixFormat.Compressed)]
    public void Parse_FormatByNameOrNumber_IsAccepted(string text, MatrixFormat expected)
    {
        Assert.Equal(expected, DataSpecification.Parse($"matrix_spec {{ format: {text} }}", Source).Matrix.Format);
    }

    [Theory]
    [InlineData("JPEG")]
    [InlineData("compressed")]
    [InlineData("3")]
    [InlineData("'DENSE'")]
    public void Parse_UnknownFormat_ThrowsNamingAllowedValues(string text)
    {
        var ex = Assert.Throws<InvalidDataException>(() => DataSpecification.Parse($"matrix_spec {{\n  format: {text}\n}}", Source));

        Assert.StartsWith($"{Source}:2:11: expected an enum value (DENSE/SPARSE/COMPRESSED or its number) for 'format'", ex.Message);
    }

    [Fact]
    public void Parse_MissingFields_TakeProto2Defaults()
    {
        var spec = DataSpecification.Parse("matrix_spec { }", Source);

        Assert.Equal(new MatrixSpec(0, 0, MatrixFormat.Dense, -1, false, false, false, false), spec.Matrix);
        Assert.Equal(1, spec.SequenceSize);
        Assert.Equal(0, spec.OutputDim);
        Assert.Equal(0, spec.SampleCount);
        Assert.False(spec.IsSequence);
        Assert.Equal(1, spec.Channels);
        Assert.Empty(spec.LabelToIndex);
    }

    [Fact]
    public void Parse_CompressedWithoutNumChannels_ResolvesThreeChannels()
    {
        Assert.Equal(3, DataSpecification.Parse("matrix_spec { format: COMPRESSED }", Source).Channels);
    }

    [Fact]
    public void Parse_ExplicitNumChannels_IsKept()
    {
        var spec = DataSpecification.Parse("matrix_spec { format: COMPRESSED num_channels: 1 }", Source);

        Assert.Equal(1, spec.Matrix.NumChannels);
        Assert.Equal(1, spec.Channels);
    }

    [Fact]
    public void Parse_CommentsAndSeparators_AreIgnored()
    {
        const string text = """
            # header comment
            output_dim: 7  # trailing comment
            matrix_spec <  # angle brackets are an alternative to braces
              row_count: 5, col_count: 6;
              # format: SPARSE
            >
            sample_count: 0x10
            """;

        var spec = DataSpecification.Parse(text, Source);

        Assert.Equal(7, spec.OutputDim);
        Assert.Equal((5, 6), (spec.Matrix.RowCount, spec.Matrix.ColCount));
        Assert.Equal(MatrixFormat.Dense, spec.Matrix.Format);
        Assert.Equal(16, spec.SampleCount);
    }

    [Fact]
    public void Parse_UnknownFields_AreSkipped()
    {
        const string text = """
            new_scalar: 3.5e-2
            new_string: 'x' "y"
            new_enum: SOMETHING
            new_negative: -inf
            new_message { deep { deeper: [1, 2, 3] } name: 'n' }
            new_list: [{ a: 1 }, { a: 2 }]
            [some.extension] { v: 1 }
            matrix_spec { is_sparse: false unknown_inner: -4 row_count: 2 }
            output_dim: 4
            """;

        var spec = DataSpecification.Parse(text, Source);

        Assert.Equal(2, spec.Matrix.RowCount);
        Assert.Equal(4, spec.OutputDim);
    }

    [Fact]
    public void Parse_SingularFieldRepeated_LastValueWins()
    {
        Assert.Equal(9, DataSpecification.Parse("output_dim: 3 matrix_spec {} output_dim: 9", Source).OutputDim);
    }

    [Fact]
    public void Parse_SeveralMatrixSpecs_MatrixIsTheFirst()
    {
        var spec = DataSpecification.Parse("matrix_spec { row_count: 1 } matrix_spec { row_count: 2 }", Source);

        Assert.Equal(1, spec.Matrix.RowCount);
    }

    [Fact]
    public void Parse_MatrixSpecInListSyntaxWithColon_IsAccepted()
    {
        var spec = DataSpecification.Parse("matrix_spec: [{ row_count: 4 }]", Source);

        Assert.Equal(4, spec.Matrix.RowCount);
    }

    [Fact]
    public void Parse_NegativeValues_AreParsed()
    {
        var spec = DataSpecification.Parse("sequence_size: -1 matrix_spec { row_count: -1 col_count: - 1 num_channels: -1 }", Source);

        Assert.Equal(-1, spec.SequenceSize);
        Assert.Equal((-1, -1, -1), (spec.Matrix.RowCount, spec.Matrix.ColCount, spec.Matrix.NumChannels));
    }

    [Fact]
    public void Parse_NoMatrixSpec_ThrowsNamingFile()
    {
        var ex = Assert.Throws<InvalidDataException>(() => DataSpecification.Parse("output_dim: 3", Source));

        Assert.Contains(Source, ex.Message);
        Assert.Contains("matrix_spec", ex.Message);
    }

    [Theory]
    [InlineData("matrix_spec {\n  row_count 3\n}", "2:13: expected ':' after field name 'row_count' but found '3'")]
    [InlineData("matrix_spec {\n  row_count: 3\n", "3:1: expected '}' to close the message but found end of input")]
    [InlineData("matrix_spec {}\noutput_dim: 'ten'", "2:13: expected an int32 for 'output_dim' but found string 'ten'")]
    [InlineData("matrix_spec {}\noutput_dim: 1.5", "2:13: expected an int32 for 'output_dim' but found '1.5'")]
    [InlineData("matrix_spec {}\noutput_dim: 3000000000", "2:13: expected an int32 for 'output_dim' but 3000000000 is out of range")]
    [InlineData("matrix_spec: 3", "1:14: expected a message '{ ... }' for 'matrix_spec' but found '3'")]
    [InlineData("matrix_spec { row_count { } }", "1:15: expected an int32 for 'row_count' but found a message")]
    [InlineData("matrix_spec {}\nlabel_to_index_map { key: cat value: 1 }", "2:27: expected a quoted string for 'key' but found 'cat'")]
    [InlineData("matrix_spec {}\nlabel_to_index_map { key: 'cat\n value: 1 }", "2:27: unterminated string: expected closing '")]
    [InlineData("matrix_spec {}\nlabel_to_index_map { key: 'c\\qt' }", "2:29: unknown escape sequence '\\q'")]
    [InlineData("matrix_spec { row_count: @ }", "1:26: unexpected character '@'")]
    [InlineData("matrix_spec {}\noutput_dim: [1, 2]", "2:1: expected a single value for non-repeated field 'output_dim', not a list")]
    [InlineData("}", "1:1: expected a field name but found '}'")]
    public void Parse_Malformed_ThrowsNamingFileLineColumnAndExpectation(string text, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => DataSpecification.Parse(text, Source));

        Assert.StartsWith($"{Source}:{expected}", ex.Message);
    }
}
