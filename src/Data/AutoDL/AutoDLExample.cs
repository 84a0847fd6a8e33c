namespace AutoVision.Data.AutoDL;

/// <summary>
/// One decoded example: a float32 tensor of shape (T, H, W, C) and, for training examples, its labels.
/// </summary>
public sealed class AutoDLExample
{
    internal AutoDLExample(long? id, int[] labelIndex, float[] labelScore, int frames, int height, int width, int channels, float[] values)
    {
        if (labelIndex.Length != labelScore.Length)
        {
            throw new ArgumentException("label_index and label_score must have the same length.", nameof(labelScore));
        }

        if (values.LongLength != (long)frames * height * width * channels)
        {
            throw new ArgumentException($"Expected {frames}x{height}x{width}x{channels} values but got {values.Length}.", nameof(values));
        }

        Id = id;
        LabelIndex = labelIndex;
        LabelScore = labelScore;
        Frames = frames;
        Height = height;
        Width = width;
        Channels = channels;
        Values = values;
    }

    /// <summary>
    /// Makes an example from decoded values, for sources other than AutoDL records (image folders, manifests).
    /// </summary>
    /// <param name="id">The example's id, or null.</param>
    /// <param name="labelIndex">Indices of the positive classes; empty for a test example.</param>
    /// <param name="labelScore">Confidence of each entry of <paramref name="labelIndex"/> (same length).</param>
    /// <param name="frames">T.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="channels">C.</param>
    /// <param name="values">T·H·W·C values in (T, H, W, C) row-major order; kept, not copied.</param>
    /// <exception cref="ArgumentException">The label arrays differ in length, or the value count is not T·H·W·C.</exception>
    public static AutoDLExample Create(long? id, int[] labelIndex, float[] labelScore, int frames, int height, int width, int channels, float[] values)
    {
        ArgumentNullException.ThrowIfNull(labelIndex);
        ArgumentNullException.ThrowIfNull(labelScore);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        return new AutoDLExample(id, labelIndex, labelScore, frames, height, width, channels, values);
    }

    /// <summary>The context feature <c>id</c> when the record has exactly one; null otherwise (the old <c>mini1</c> format has none).</summary>
    public long? Id { get; }

    /// <summary>
    /// Indices of the positive classes (<c>label_index</c>). Always empty for test examples: test labels are never
    /// read from the records (they live only in the <c>.solution</c> file).
    /// </summary>
    public int[] LabelIndex { get; }

    /// <summary>Confidence of each entry of <see cref="LabelIndex"/> (<c>label_score</c>). Always empty for test examples.</summary>
    public float[] LabelScore { get; }

    /// <summary>T: number of frames (time steps).</summary>
    public int Frames { get; }

    /// <summary>H: rows of each frame.</summary>
    public int Height { get; }

    /// <summary>W: columns of each frame.</summary>
    public int Width { get; }

    /// <summary>C: channels per pixel.</summary>
    public int Channels { get; }

    /// <summary>
    /// The tensor in (T, H, W, C) row-major order: flat index <c>((t·H + h)·W + w)·C + c</c>.
    /// COMPRESSED pixels are <c>(float)u8 * (float)(1.0 / 255.0)</c> in float32, as TensorFlow's <c>convert_image_dtype</c>.
    /// </summary>
    public float[] Values { get; }

    /// <summary>
    /// Dense label vector of length <paramref name="outputDim"/>: zeros, with <c>LabelScore[i]</c> at <c>LabelIndex[i]</c>
    /// (<c>tf.sparse.to_dense</c>; for a repeated index the last score wins). All zeros for test examples.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A label index is outside [0, <paramref name="outputDim"/>).</exception>
    public float[] DenseLabel(int outputDim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outputDim);
        float[] dense = new float[outputDim];
        for (int i = 0; i < LabelIndex.Length; i++)
        {
            int index = LabelIndex[i];
            if (index < 0 || index >= outputDim)
            {
                throw new ArgumentOutOfRangeException(nameof(outputDim), $"Label index {index} is outside [0, {outputDim}).");
            }

            dense[index] = LabelScore[i];
        }

        return dense;
    }
}
