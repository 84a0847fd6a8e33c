using Google.Protobuf;

namespace AutoVision.Data.Tests.Support;

/// <summary>Serializes synthetic <c>tf.train.SequenceExample</c> records with <see cref="CodedOutputStream"/>.</summary>
internal sealed class SequenceExampleBuilder
{
    private readonly List<(string Key, byte[] Feature)> _context = [];
    private readonly List<(string Key, List<byte[]> Steps)> _lists = [];
    private readonly List<byte[]> _extraTopLevel = [];

    public SequenceExampleBuilder ContextInt64(string key, long[] values, bool packed = true)
    {
        _context.Add((key, Int64Feature(values, packed)));
        return this;
    }

    public SequenceExampleBuilder ContextFloats(string key, float[] values, bool packed = true)
    {
        _context.Add((key, FloatFeature(values, packed)));
        return this;
    }

    public SequenceExampleBuilder ContextRaw(string key, byte[] feature)
    {
        _context.Add((key, feature));
        return this;
    }

    /// <summary>Adds one feature list whose steps are the given serialized <c>Feature</c> messages.</summary>
    public SequenceExampleBuilder List(string key, params byte[][] steps)
    {
        _lists.Add((key, [.. steps]));
        return this;
    }

    /// <summary>Adds raw bytes at the top level (e.g. an unknown field).</summary>
    public SequenceExampleBuilder RawTopLevel(byte[] bytes)
    {
        _extraTopLevel.Add(bytes);
        return this;
    }

    /// <summary>Serializes the record; raw top-level bytes come first (protobuf fields may appear in any order).</summary>
    public byte[] Build() => [.. _extraTopLevel.SelectMany(b => b), .. Body()];

    private byte[] Body() => Message(o =>
    {
        if (_context.Count > 0)
        {
            WriteField(o, 1, Message(c =>
            {
                foreach ((string key, byte[] feature) in _context)
                {
                    WriteField(c, 1, MapEntry(key, feature));
                }
            }));
        }

        if (_lists.Count > 0)
        {
            WriteField(o, 2, Message(c =>
            {
                foreach ((string key, List<byte[]> steps) in _lists)
                {
                    byte[] featureList = Message(fl =>
                    {
                        foreach (byte[] step in steps)
                        {
                            WriteField(fl, 1, step);
                        }
                    });
                    WriteField(c, 1, MapEntry(key, featureList));
                }
            }));
        }
    });

    public static byte[] BytesFeature(params byte[][] values) => Message(o => WriteField(o, 1, Message(l =>
    {
        foreach (byte[] v in values)
        {
            l.WriteTag(1, WireFormat.WireType.LengthDelimited);
            l.WriteBytes(ByteString.CopyFrom(v));
        }
    })));

    public static byte[] FloatFeature(float[] values, bool packed = true) => Message(o => WriteField(o, 2, Message(l =>
    {
        if (packed)
        {
            l.WriteTag(1, WireFormat.WireType.LengthDelimited);
            l.WriteLength(values.Length * 4);
            foreach (float v in values)
            {
                l.WriteFloat(v);
            }
        }
        else
        {
            foreach (float v in values)
            {
                l.WriteTag(1, WireFormat.WireType.Fixed32);
                l.WriteFloat(v);
            }
        }
    })));

    public static byte[] Int64Feature(long[] values, bool packed = true) => Message(o => WriteField(o, 3, Message(l =>
    {
        if (packed)
        {
            byte[] body = Message(p =>
            {
                foreach (long v in values)
                {
                    p.WriteInt64(v);
                }
            });
            WriteField(l, 1, body);
        }
        else
        {
            foreach (long v in values)
            {
                l.WriteTag(1, WireFormat.WireType.Varint);
                l.WriteInt64(v);
            }
        }
    })));

    public static byte[] Message(Action<CodedOutputStream> write)
    {
        using var ms = new MemoryStream();
        using (var output = new CodedOutputStream(ms, leaveOpen: true))
        {
            write(output);
            output.Flush();
        }

        return ms.ToArray();
    }

    public static void WriteField(CodedOutputStream output, int field, byte[] body)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(body));
    }

    private static byte[] MapEntry(string key, byte[] value) => Message(e =>
    {
        e.WriteTag(1, WireFormat.WireType.LengthDelimited);
        e.WriteString(key);
        WriteField(e, 2, value);
    });
}
