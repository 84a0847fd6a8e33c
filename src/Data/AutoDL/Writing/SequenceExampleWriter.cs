using Google.Protobuf;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// Serializes the <c>tf.train.SequenceExample</c> of one COMPRESSED AutoDL record, as the challenge's dataset
/// formatter wrote it: context <c>id</c> (int64), <c>label_index</c> (int64 list), <c>label_score</c> (float list),
/// and the feature list <c>0_compressed</c> with one <c>bytes_list</c> step per frame. Numbers are packed.
/// </summary>
internal static class SequenceExampleWriter
{
    /// <summary>The record bytes.</summary>
    public static byte[] Compressed(long id, IReadOnlyList<int> labelIndex, IReadOnlyList<float> labelScore, IReadOnlyList<byte[]> frames) => Message(o =>
    {
        Field(o, 1, Message(context =>
        {
            Field(context, 1, Entry("id", Int64s([id])));
            Field(context, 1, Entry("label_index", Int64s(labelIndex.Select(i => (long)i).ToArray())));
            Field(context, 1, Entry("label_score", Floats(labelScore)));
        }));
        Field(o, 2, Message(lists => Field(lists, 1, Entry(ExampleDecoder.CompressedKey, Message(list =>
        {
            foreach (byte[] frame in frames)
            {
                Field(list, 1, BytesFeature(frame));
            }
        })))));
    });

    private static byte[] Int64s(long[] values) => Message(f => Field(f, 3, Message(l =>
    {
        if (values.Length > 0)
        {
            Field(l, 1, Message(p =>
            {
                foreach (long v in values)
                {
                    p.WriteInt64(v);
                }
            }));
        }
    })));

    private static byte[] Floats(IReadOnlyList<float> values) => Message(f => Field(f, 2, Message(l =>
    {
        if (values.Count > 0)
        {
            l.WriteTag(1, WireFormat.WireType.LengthDelimited);
            l.WriteLength(values.Count * 4);
            foreach (float v in values)
            {
                l.WriteFloat(v);
            }
        }
    })));

    private static byte[] BytesFeature(byte[] value) => Message(f => Field(f, 1, Message(l =>
    {
        l.WriteTag(1, WireFormat.WireType.LengthDelimited);
        l.WriteBytes(ByteString.CopyFrom(value));
    })));

    private static byte[] Entry(string key, byte[] value) => Message(e =>
    {
        e.WriteTag(1, WireFormat.WireType.LengthDelimited);
        e.WriteString(key);
        Field(e, 2, value);
    });

    private static void Field(CodedOutputStream output, int number, byte[] body)
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(body));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
            output.Flush();
        }

        return stream.ToArray();
    }
}
