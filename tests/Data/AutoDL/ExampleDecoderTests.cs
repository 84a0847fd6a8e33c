using AutoVision.Data.AutoDL;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class ExampleDecoderTests
{
    private const string File = "/data/x.data/train/sample-x";

    [Fact]
    public void Decode_DenseRecord_ReshapesStepsToFrames()
    {
        var decoder = Decoder("sequence_size: 2 output_dim: 3 matrix_spec { row_count: 2 col_count: 3 format: DENSE }");
        byte[] record = new SequenceExampleBuilder()
            .List("0_dense_input", SequenceExampleBuilder.FloatFeature([1, 2, 3, 4, 5, 6]), SequenceExampleBuilder.FloatFeature([7, 8, 9, 10, 11, 12], packed: false))
            .Build();

        AutoDLExample example = decoder.Decode(record, File, 0);

        Assert.Equal((2, 2, 3, 1), (example.Frames, example.Height, example.Width, example.Channels));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (float)i), example.Values);
    }

    [Fact]
    public void Decode_DenseVariableSequence_UsesTheStepCount()
    {
        var decoder = Decoder("sequence_size: -1 matrix_spec { row_count: 1 col_count: 1 }");
        byte[] record = new SequenceExampleBuilder()
            .List("0_dense_input", SequenceExampleBuilder.FloatFeature([4]), SequenceExampleBuilder.FloatFeature([5]), SequenceExampleBuilder.FloatFeature([6]))
            .Build();

        AutoDLExample example = decoder.Decode(record, File, 0);

        Assert.Equal(3, example.Frames);
        Assert.Equal([4f, 5f, 6f], example.Values);
    }

    [Fact]
    public void Decode_DenseWrongValueCount_ThrowsNamingFileRecordAndStep()
    {
        var decoder = Decoder("matrix_spec { row_count: 2 col_count: 2 num_channels: 1 }");
        byte[] record = new SequenceExampleBuilder().List("0_dense_input", SequenceExampleBuilder.FloatFeature([1, 2, 3])).Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 7));

        Assert.Contains(File, ex.Message);
        Assert.Contains("record 7", ex.Message);
        Assert.Contains("'0_dense_input' step 0", ex.Message);
        Assert.Contains("expected 4 floats", ex.Message);
    }

    [Fact]
    public void Decode_DenseStepCountDiffersFromSequenceSize_Throws()
    {
        var decoder = Decoder("matrix_spec { row_count: 1 col_count: 1 }");
        byte[] record = new SequenceExampleBuilder()
            .List("0_dense_input", SequenceExampleBuilder.FloatFeature([1]), SequenceExampleBuilder.FloatFeature([2]))
            .Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 3));

        Assert.Contains("expected sequence_size 1 steps but found 2", ex.Message);
    }

    [Fact]
    public void Decode_DenseStepOfWrongType_Throws()
    {
        var decoder = Decoder("matrix_spec { row_count: 1 col_count: 1 }");
        byte[] record = new SequenceExampleBuilder().List("0_dense_input", SequenceExampleBuilder.Int64Feature([1])).Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 0));

        Assert.Contains("expected a float_list but found a int64_list", ex.Message);
    }

    [Fact]
    public void Decode_TrainRecord_ReadsIdAndLabels()
    {
        var decoder = Decoder("output_dim: 5 matrix_spec { row_count: 1 col_count: 1 }");
        byte[] record = DenseRecord().ContextInt64("id", [42]).ContextInt64("label_index", [4, 1]).ContextFloats("label_score", [1f, 0.5f]).Build();

        AutoDLExample example = decoder.Decode(record, File, 0);

        Assert.Equal(42, example.Id);
        Assert.Equal([4, 1], example.LabelIndex);
        Assert.Equal([1f, 0.5f], example.LabelScore);
    }

    [Fact]
    public void Decode_RecordWithoutId_HasNullId()
    {
        AutoDLExample example = Decoder("matrix_spec { row_count: 1 col_count: 1 }").Decode(DenseRecord().Build(), File, 0);

        Assert.Null(example.Id);
        Assert.Empty(example.LabelIndex);
    }

    [Fact]
    public void Decode_TestRecordCarryingLabels_ExposesNoLabels()
    {
        var decoder = Decoder("output_dim: 5 matrix_spec { row_count: 1 col_count: 1 }", isTest: true);
        byte[] record = DenseRecord().ContextInt64("label_index", [3]).ContextFloats("label_score", [0f]).Build();

        AutoDLExample example = decoder.Decode(record, File, 0);

        Assert.Empty(example.LabelIndex);
        Assert.Empty(example.LabelScore);
    }

    [Fact]
    public void Decode_TestRecordWithMalformedLabels_IgnoresThem()
    {
        var decoder = Decoder("output_dim: 5 matrix_spec { row_count: 1 col_count: 1 }", isTest: true);
        byte[] record = DenseRecord().ContextInt64("label_index", [99, 100]).ContextInt64("label_score", [1]).Build();

        Assert.Empty(decoder.Decode(record, File, 0).LabelIndex);
    }

    [Fact]
    public void Decode_TrainLabelIndexOutOfRange_ThrowsNamingRecord()
    {
        var decoder = Decoder("output_dim: 5 matrix_spec { row_count: 1 col_count: 1 }");
        byte[] record = DenseRecord().ContextInt64("label_index", [5]).ContextFloats("label_score", [1]).Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 11));

        Assert.Contains("record 11", ex.Message);
        Assert.Contains("outside [0, output_dim=5)", ex.Message);
    }

    [Fact]
    public void Decode_TrainLabelLengthsDiffer_Throws()
    {
        var decoder = Decoder("output_dim: 5 matrix_spec { row_count: 1 col_count: 1 }");
        byte[] record = DenseRecord().ContextInt64("label_index", [1, 2]).ContextFloats("label_score", [1]).Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 0));

        Assert.Contains("'label_index' has 2 values but 'label_score' has 1", ex.Message);
    }

    [Fact]
    public void Decode_TrainLabelIndexOfWrongType_Throws()
    {
        var decoder = Decoder("output_dim: 5 matrix_spec { row_count: 1 col_count: 1 }");
        byte[] record = DenseRecord().ContextFloats("label_index", [1]).ContextFloats("label_score", [1]).Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 0));

        Assert.Contains("context 'label_index' must be a int64_list but is a float_list", ex.Message);
    }

    [Fact]
    public void Decode_CompressedPng_ScalesBytesByFloatReciprocal()
    {
        var decoder = Decoder("matrix_spec { row_count: 1 col_count: 3 format: COMPRESSED num_channels: 1 }");
        byte[] png = PngWriter.Encode(3, 1, PngWriter.ColorType.Gray, 8, [3, 128, 255]);
        byte[] record = new SequenceExampleBuilder().List("0_compressed", SequenceExampleBuilder.BytesFeature(png)).Build();

        AutoDLExample example = decoder.Decode(record, File, 0);

        const float scale = (float)(1.0 / 255.0);
        Assert.Equal([3 * scale, 128 * scale, 1f], example.Values);
        // TensorFlow's convert_image_dtype multiplies by the float32 reciprocal, which is not the rounded quotient.
        Assert.Equal(0x3C40C0C2, BitConverter.SingleToInt32Bits(example.Values[0]));
        Assert.NotEqual(3f / 255f, example.Values[0]);
    }

    [Fact]
    public void Decode_CompressedTwoFrames_StacksInStepOrder()
    {
        var decoder = Decoder("sequence_size: -1 matrix_spec { row_count: -1 col_count: -1 format: COMPRESSED num_channels: 1 }");
        byte[] first = PngWriter.Encode(2, 1, PngWriter.ColorType.Gray, 8, [0, 255]);
        byte[] second = PngWriter.Encode(2, 1, PngWriter.ColorType.Gray, 8, [255, 0]);
        byte[] record = new SequenceExampleBuilder()
            .List("0_compressed", SequenceExampleBuilder.BytesFeature(first), SequenceExampleBuilder.BytesFeature(second))
            .Build();

        AutoDLExample example = decoder.Decode(record, File, 0);

        Assert.Equal((2, 1, 2, 1), (example.Frames, example.Height, example.Width, example.Channels));
        Assert.Equal([0f, 1f, 1f, 0f], example.Values);
    }

    [Fact]
    public void Decode_CompressedBrokenImage_ThrowsNamingFileRecordAndStep()
    {
        var decoder = Decoder("sequence_size: 2 matrix_spec { row_count: -1 col_count: -1 format: COMPRESSED }");
        byte[] good = PngWriter.Encode(1, 1, PngWriter.ColorType.Rgb, 8, [1, 2, 3]);
        byte[] record = new SequenceExampleBuilder()
            .List("0_compressed", SequenceExampleBuilder.BytesFeature(good), SequenceExampleBuilder.BytesFeature(good[..30]))
            .Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 9));

        Assert.StartsWith($"AutoDL record file '{File}', record 9, feature list '0_compressed' step 1: ", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void Decode_CompressedSizeDiffersFromMetadata_Throws()
    {
        var decoder = Decoder("matrix_spec { row_count: 2 col_count: 2 format: COMPRESSED }");
        byte[] png = PngWriter.Encode(1, 1, PngWriter.ColorType.Rgb, 8, [1, 2, 3]);
        byte[] record = new SequenceExampleBuilder().List("0_compressed", SequenceExampleBuilder.BytesFeature(png)).Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 0));

        Assert.Contains("image is 1x1 (HxW) but the metadata says row_count 2, col_count 2", ex.Message);
    }

    [Fact]
    public void Decode_CompressedFramesOfDifferentSizes_Throws()
    {
        var decoder = Decoder("sequence_size: 2 matrix_spec { row_count: -1 col_count: -1 format: COMPRESSED }");
        byte[] small = PngWriter.Encode(1, 1, PngWriter.ColorType.Rgb, 8, [1, 2, 3]);
        byte[] wide = PngWriter.Encode(2, 1, PngWriter.ColorType.Rgb, 8, [1, 2, 3, 4, 5, 6]);
        byte[] record = new SequenceExampleBuilder()
            .List("0_compressed", SequenceExampleBuilder.BytesFeature(small), SequenceExampleBuilder.BytesFeature(wide))
            .Build();

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(record, File, 0));

        Assert.Contains("step 1: image is 1x2 but step 0 is 1x1", ex.Message);
    }

    [Fact]
    public void Decode_CompressedMissingFeatureList_ThrowsSequenceSizeError()
    {
        var decoder = Decoder("matrix_spec { row_count: 1 col_count: 1 format: COMPRESSED }");

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode(new SequenceExampleBuilder().Build(), File, 0));

        Assert.Contains("'0_compressed': expected sequence_size 1 steps but found 0", ex.Message);
    }

    [Fact]
    public void Decode_SparseFormat_ThrowsNotSupported()
    {
        var decoder = Decoder("matrix_spec { format: SPARSE }");

        var ex = Assert.Throws<NotSupportedException>(() => decoder.Decode(new SequenceExampleBuilder().Build(), File, 0));

        Assert.Contains("Sparse", ex.Message);
    }

    [Fact]
    public void Decode_GarbagePayload_ThrowsNamingFileAndRecord()
    {
        var decoder = Decoder("matrix_spec { row_count: 1 col_count: 1 }");

        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode([0x0A, 0x05, 0x01], File, 4));

        Assert.StartsWith($"AutoDL record file '{File}', record 4: malformed tf.train.SequenceExample", ex.Message);
    }

    private static SequenceExampleBuilder DenseRecord() =>
        new SequenceExampleBuilder().List("0_dense_input", SequenceExampleBuilder.FloatFeature([0.5f]));

    private static ExampleDecoder Decoder(string metadata, bool isTest = false) =>
        new(DataSpecification.Parse(metadata, "metadata.textproto"), isTest);
}
