using AutoVision.Data.AutoDL;
using AutoVision.Data.Tests.Support;
using Google.Protobuf;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class SequenceExampleParserTests
{
    [Fact]
    public void Parse_PackedAndUnpackedFloats_GiveTheSameValues()
    {
        float[] values = [0f, 1.5f, -2.25f, float.Epsilon, 0.011764707f];
        byte[] packed = new SequenceExampleBuilder().ContextFloats("f", values, packed: true).Build();
        byte[] unpacked = new SequenceExampleBuilder().ContextFloats("f", values, packed: false).Build();

        Assert.Equal(values, SequenceExampleParser.Parse(packed).Context["f"].Floats);
        Assert.Equal(values, SequenceExampleParser.Parse(unpacked).Context["f"].Floats);
        Assert.Equal(FeatureKind.Float, SequenceExampleParser.Parse(unpacked).Context["f"].Kind);
    }

    [Fact]
    public void Parse_PackedAndUnpackedInt64_GiveTheSameValues()
    {
        long[] values = [0, 1, 300, -1, long.MaxValue, long.MinValue];
        byte[] packed = new SequenceExampleBuilder().ContextInt64("i", values, packed: true).Build();
        byte[] unpacked = new SequenceExampleBuilder().ContextInt64("i", values, packed: false).Build();

        Assert.Equal(values, SequenceExampleParser.Parse(packed).Context["i"].Int64s);
        Assert.Equal(values, SequenceExampleParser.Parse(unpacked).Context["i"].Int64s);
    }

    [Fact]
    public void Parse_FeatureListOfBytes_KeepsStepsInOrder()
    {
        byte[] record = new SequenceExampleBuilder()
            .List("0_compressed", SequenceExampleBuilder.BytesFeature([1, 2]), SequenceExampleBuilder.BytesFeature([3], [4, 5]))
            .Build();

        List<Feature> steps = SequenceExampleParser.Parse(record).FeatureLists["0_compressed"];

        Assert.Equal(2, steps.Count);
        Assert.Equal([[1, 2]], steps[0].Bytes);
        Assert.Equal([[3], [4, 5]], steps[1].Bytes);
    }

    [Fact]
    public void Parse_EmptyFeatureAndEmptyLists_AreKept()
    {
        byte[] record = new SequenceExampleBuilder()
            .ContextRaw("none", [])
            .ContextInt64("empty", [])
            .Build();

        SequenceExample example = SequenceExampleParser.Parse(record);

        Assert.Equal(FeatureKind.None, example.Context["none"].Kind);
        Assert.Equal(FeatureKind.Int64, example.Context["empty"].Kind);
        Assert.Equal(0, example.Context["empty"].Count);
    }

    [Fact]
    public void Parse_UnknownFields_AreSkipped()
    {
        // Top-level unknown fields: varint field 7, fixed64 field 8, length-delimited field 9.
        byte[] unknown = SequenceExampleBuilder.Message(o =>
        {
            o.WriteTag(7, WireFormat.WireType.Varint);
            o.WriteInt64(42);
            o.WriteTag(8, WireFormat.WireType.Fixed64);
            o.WriteFixed64(1);
            o.WriteTag(9, WireFormat.WireType.LengthDelimited);
            o.WriteString("ignored");
        });
        byte[] record = new SequenceExampleBuilder().RawTopLevel(unknown).ContextInt64("id", [5]).Build();

        Assert.Equal([5L], SequenceExampleParser.Parse(record).Context["id"].Int64s);
    }

    [Fact]
    public void Parse_RepeatedMapKey_LastEntryWins()
    {
        byte[] record = new SequenceExampleBuilder().ContextInt64("k", [1]).ContextInt64("k", [2]).Build();

        Assert.Equal([2L], SequenceExampleParser.Parse(record).Context["k"].Int64s);
    }

    [Fact]
    public void Parse_SampleRecord_HasContextAndCompressedImage()
    {
        byte[] record = TFRecordReader.ReadRecords(TestPaths.DataFile("miniciao", "train")).First();

        SequenceExample example = SequenceExampleParser.Parse(record);

        Assert.Equal([18L], example.Context["id"].Int64s);
        Assert.Equal([0L], example.Context["label_index"].Int64s);
        Assert.Equal([1f], example.Context["label_score"].Floats);
        Feature step = Assert.Single(example.FeatureLists["0_compressed"]);
        Assert.Equal(0x89, Assert.Single(step.Bytes)[0]);
    }

    [Fact]
    public void Parse_TruncatedBytes_ThrowsInvalidData()
    {
        byte[] record = new SequenceExampleBuilder().ContextInt64("id", [5]).Build();

        var ex = Assert.Throws<InvalidDataException>(() => SequenceExampleParser.Parse(record[..^2]));

        Assert.Contains("SequenceExample", ex.Message);
    }

    [Fact]
    public void Parse_PackedFloatsWithBadLength_ThrowsInvalidData()
    {
        byte[] feature = SequenceExampleBuilder.Message(o => SequenceExampleBuilder.WriteField(o, 2, SequenceExampleBuilder.Message(l =>
        {
            l.WriteTag(1, WireFormat.WireType.LengthDelimited);
            l.WriteBytes(ByteString.CopyFrom(1, 2, 3));
        })));
        byte[] record = new SequenceExampleBuilder().ContextRaw("f", feature).Build();

        Assert.Throws<InvalidDataException>(() => SequenceExampleParser.Parse(record));
    }
}
