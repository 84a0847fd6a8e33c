namespace AutoVision.Data.AutoDL;

/// <summary>
/// Turns one TFRecord payload (a <c>SequenceExample</c>) into an <see cref="AutoDLExample"/> following the official
/// reader (<c>dataset.py::_parse_function</c>) for bundle 0.
/// </summary>
internal sealed class ExampleDecoder
{
    internal const string DenseKey = "0_dense_input";
    internal const string CompressedKey = "0_compressed";
    private const float PixelScale = (float)(1.0 / 255.0);

    private readonly DataSpecification _spec;
    private readonly bool _isTest;

    /// <param name="spec">Metadata of the split being read.</param>
    /// <param name="isTest">True for the test split: labels are then never read from the record.</param>
    public ExampleDecoder(DataSpecification spec, bool isTest)
    {
        _spec = spec;
        _isTest = isTest;
    }

    /// <summary>Decodes record <paramref name="recordIndex"/> of <paramref name="file"/> (both only used in error messages).</summary>
    /// <exception cref="InvalidDataException">Malformed record; the message names the file, record index and feature.</exception>
    public AutoDLExample Decode(byte[] payload, string file, long recordIndex)
    {
        RecordContent content = Parse(payload, file, recordIndex);
        return content.Compressed is { } frames
            ? DecodeCompressed(frames, content.Where, content.Id, content.LabelIndex, content.LabelScore)
            : new AutoDLExample(content.Id, content.LabelIndex, content.LabelScore, content.DenseFrames,
                _spec.Matrix.RowCount, _spec.Matrix.ColCount, _spec.Channels, content.DenseValues!);
    }

    /// <summary>
    /// Parses and checks record <paramref name="recordIndex"/> of <paramref name="file"/> without decoding its images:
    /// id, labels (empty for the test split), and the encoded frames (COMPRESSED) or the values (DENSE).
    /// </summary>
    /// <exception cref="InvalidDataException">Malformed record; the message names the file, record index and feature.</exception>
    public RecordContent Parse(byte[] payload, string file, long recordIndex)
    {
        string where = $"AutoDL record file '{file}', record {recordIndex}";
        SequenceExample example;
        try
        {
            example = SequenceExampleParser.Parse(payload);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{where}: {ex.Message}", ex);
        }

        long? id = example.Context.TryGetValue("id", out Feature? idFeature) && idFeature is { Kind: FeatureKind.Int64, Count: 1 }
            ? idFeature.Int64s[0]
            : null;

        (int[] labelIndex, float[] labelScore) = _isTest ? ([], []) : ReadLabels(example, where);

        return _spec.Matrix.Format switch
        {
            MatrixFormat.Dense => ParseDense(example, where, id, labelIndex, labelScore),
            MatrixFormat.Compressed => new RecordContent(where, id, labelIndex, labelScore, CompressedFrames(example, where), 0, null),
            _ => throw new NotSupportedException($"{where}: matrix format {_spec.Matrix.Format} is not supported yet (only DENSE and COMPRESSED)."),
        };
    }

    private (int[] Index, float[] Score) ReadLabels(SequenceExample example, string where)
    {
        Feature? indexFeature = Context(example, "label_index", FeatureKind.Int64, where);
        Feature? scoreFeature = Context(example, "label_score", FeatureKind.Float, where);
        long[] indices = indexFeature?.Int64s.ToArray() ?? [];
        float[] scores = scoreFeature?.Floats.ToArray() ?? [];
        if (indices.Length != scores.Length)
        {
            throw new InvalidDataException($"{where}: context 'label_index' has {indices.Length} values but 'label_score' has {scores.Length}.");
        }

        int[] result = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            if (indices[i] < 0 || indices[i] >= _spec.OutputDim)
            {
                throw new InvalidDataException($"{where}: context 'label_index' value {indices[i]} is outside [0, output_dim={_spec.OutputDim}).");
            }

            result[i] = (int)indices[i];
        }

        return (result, scores);
    }

    private static Feature? Context(SequenceExample example, string key, FeatureKind kind, string where)
    {
        if (!example.Context.TryGetValue(key, out Feature? feature) || feature.Kind == FeatureKind.None)
        {
            return null;
        }

        if (feature.Kind != kind)
        {
            throw new InvalidDataException($"{where}: context '{key}' must be a {Feature.KindName(kind)} but is a {Feature.KindName(feature.Kind)}.");
        }

        return feature;
    }

    private RecordContent ParseDense(SequenceExample example, string where, long? id, int[] labelIndex, float[] labelScore)
    {
        int h = _spec.Matrix.RowCount, w = _spec.Matrix.ColCount, c = _spec.Channels;
        if (h <= 0 || w <= 0 || c <= 0)
        {
            throw new InvalidDataException($"{where}: DENSE data needs row_count, col_count and num_channels > 0 but the metadata gives {h}x{w}x{c}.");
        }

        List<Feature> steps = example.FeatureLists.GetValueOrDefault(DenseKey) ?? [];
        int frames = CheckFrameCount(steps.Count, DenseKey, where);
        int frameSize = h * w * c;
        float[] values = new float[(long)frames * frameSize];
        for (int t = 0; t < steps.Count; t++)
        {
            Feature step = steps[t];
            if (step.Kind is not (FeatureKind.Float or FeatureKind.None))
            {
                throw new InvalidDataException($"{where}, feature list '{DenseKey}' step {t}: expected a float_list but found a {Feature.KindName(step.Kind)}.");
            }

            if (step.Floats.Count != frameSize)
            {
                throw new InvalidDataException($"{where}, feature list '{DenseKey}' step {t}: expected {frameSize} floats (row_count {h} x col_count {w} x channels {c}) but found {step.Floats.Count}.");
            }

            step.Floats.CopyTo(values, t * frameSize);
        }

        return new RecordContent(where, id, labelIndex, labelScore, null, frames, values);
    }

    private List<byte[]> CompressedFrames(SequenceExample example, string where)
    {
        // The official reader parses this key as VarLenFeature(tf.string) and decodes all its values in order,
        // so every bytes value is one frame.
        var images = new List<byte[]>();
        List<Feature> steps = example.FeatureLists.GetValueOrDefault(CompressedKey) ?? [];
        for (int t = 0; t < steps.Count; t++)
        {
            if (steps[t].Kind is not (FeatureKind.Bytes or FeatureKind.None))
            {
                throw new InvalidDataException($"{where}, feature list '{CompressedKey}' step {t}: expected a bytes_list but found a {Feature.KindName(steps[t].Kind)}.");
            }

            images.AddRange(steps[t].Bytes);
        }

        CheckFrameCount(images.Count, CompressedKey, where);
        return images;
    }

    private AutoDLExample DecodeCompressed(List<byte[]> images, string where, long? id, int[] labelIndex, float[] labelScore)
    {
        int frames = images.Count;
        int c = _spec.Channels;
        int h = Math.Max(_spec.Matrix.RowCount, 0), w = Math.Max(_spec.Matrix.ColCount, 0);
        float[] values = [];
        for (int t = 0; t < frames; t++)
        {
            DecodedImage image;
            try
            {
                image = CompressedImageDecoder.Decode(images[t], c);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{where}, feature list '{CompressedKey}' step {t}: {ex.Message}", ex);
            }

            if (t == 0)
            {
                CheckSize(image, where, t);
                (h, w) = (image.Height, image.Width);
                values = new float[(long)frames * h * w * c];
            }
            else if (image.Height != h || image.Width != w)
            {
                throw new InvalidDataException($"{where}, feature list '{CompressedKey}' step {t}: image is {image.Height}x{image.Width} but step 0 is {h}x{w}; all frames of an example must have the same size.");
            }

            int offset = t * h * w * c;
            byte[] pixels = image.Pixels;
            for (int i = 0; i < pixels.Length; i++)
            {
                values[offset + i] = pixels[i] * PixelScale;
            }
        }

        return new AutoDLExample(id, labelIndex, labelScore, frames, h, w, c, values);
    }

    /// <summary>Checks a decoded frame against the metadata's row_count and col_count (when they are fixed).</summary>
    /// <exception cref="InvalidDataException">The frame has another size.</exception>
    internal void CheckSize(DecodedImage image, string where, int t)
    {
        int rows = _spec.Matrix.RowCount, cols = _spec.Matrix.ColCount;
        if ((rows > 0 && image.Height != rows) || (cols > 0 && image.Width != cols))
        {
            throw new InvalidDataException($"{where}, feature list '{CompressedKey}' step {t}: image is {image.Height}x{image.Width} (HxW) but the metadata says row_count {rows}, col_count {cols}.");
        }
    }

    private int CheckFrameCount(int found, string key, string where)
    {
        int expected = _spec.SequenceSize;
        if (expected > 0 && found != expected)
        {
            throw new InvalidDataException($"{where}, feature list '{key}': expected sequence_size {expected} steps but found {found}.");
        }

        return found;
    }
}

/// <summary>A parsed, checked record whose images are not decoded yet.</summary>
/// <param name="Where">File and record index, for messages.</param>
/// <param name="Id">The context feature <c>id</c>, or null.</param>
/// <param name="LabelIndex">Positive classes (empty for the test split).</param>
/// <param name="LabelScore">Their scores.</param>
/// <param name="Compressed">COMPRESSED: the encoded image of each frame; null for DENSE.</param>
/// <param name="DenseFrames">DENSE: T.</param>
/// <param name="DenseValues">DENSE: the (T, H, W, C) values; null for COMPRESSED.</param>
internal sealed record RecordContent(string Where, long? Id, int[] LabelIndex, float[] LabelScore, List<byte[]>? Compressed, int DenseFrames, float[]? DenseValues);
