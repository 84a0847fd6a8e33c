using System.Buffers.Binary;
using Google.Protobuf;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// Decodes the protobuf wire format of <c>tf.train.SequenceExample</c> by hand with <see cref="CodedInputStream"/>
/// (no generated classes needed):
/// <code>
/// SequenceExample { Features context = 1; FeatureLists feature_lists = 2; }
/// Features        { map&lt;string, Feature&gt; feature = 1; }
/// FeatureLists    { map&lt;string, FeatureList&gt; feature_list = 1; }
/// FeatureList     { repeated Feature feature = 1; }
/// Feature         { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
/// BytesList { repeated bytes value = 1; }  FloatList { repeated float value = 1; }  Int64List { repeated int64 value = 1; }
/// </code>
/// Repeated numbers may be packed or not. Unknown fields and fields with an unexpected wire type are skipped,
/// as protobuf parsers do; a map key written twice keeps the last entry; a message field written twice is merged.
/// </summary>
internal static class SequenceExampleParser
{
    /// <summary>Parses one serialized <c>SequenceExample</c>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid <c>SequenceExample</c>.</exception>
    public static SequenceExample Parse(byte[] payload)
    {
        var example = new SequenceExample();
        try
        {
            var input = new CodedInputStream(payload);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (tag)
                {
                    case Tag1LengthDelimited:
                        ParseFeatures(input.ReadBytes(), example.Context);
                        break;
                    case Tag2LengthDelimited:
                        ParseFeatureLists(input.ReadBytes(), example.FeatureLists);
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"malformed tf.train.SequenceExample: {ex.Message}", ex);
        }

        return example;
    }

    private const uint Tag1LengthDelimited = (1 << 3) | (uint)WireFormat.WireType.LengthDelimited;
    private const uint Tag2LengthDelimited = (2 << 3) | (uint)WireFormat.WireType.LengthDelimited;
    private const uint Tag3LengthDelimited = (3 << 3) | (uint)WireFormat.WireType.LengthDelimited;
    private const uint Tag1Fixed32 = (1 << 3) | (uint)WireFormat.WireType.Fixed32;
    private const uint Tag1Varint = (1 << 3) | (uint)WireFormat.WireType.Varint;

    private static void ParseFeatures(ByteString bytes, Dictionary<string, Feature> map) =>
        ParseMap(bytes, map, () => new Feature(), ParseFeature);   // map<string, Feature>

    private static void ParseFeatureLists(ByteString bytes, Dictionary<string, List<Feature>> map) =>
        ParseMap(bytes, map, () => new List<Feature>(), ParseFeatureList);   // map<string, FeatureList>

    /// <summary>A protobuf map field 1 of entries <c>{ string key = 1; V value = 2; }</c>: a later entry replaces an
    /// earlier one with the same key; unknown fields are skipped.</summary>
    private static void ParseMap<T>(ByteString bytes, Dictionary<string, T> map, Func<T> create, Action<ByteString, T> parseValue)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag != Tag1LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }

            var entry = input.ReadBytes().CreateCodedInput();
            string key = string.Empty;
            var value = create();
            uint entryTag;
            while ((entryTag = entry.ReadTag()) != 0)
            {
                if (entryTag == Tag1LengthDelimited)
                {
                    key = entry.ReadString();
                }
                else if (entryTag == Tag2LengthDelimited)
                {
                    parseValue(entry.ReadBytes(), value);
                }
                else
                {
                    entry.SkipLastField();
                }
            }

            map[key] = value;
        }
    }

    private static void ParseFeatureList(ByteString bytes, List<Feature> steps)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag != Tag1LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }

            var feature = new Feature();
            ParseFeature(input.ReadBytes(), feature);
            steps.Add(feature);
        }
    }

    private static void ParseFeature(ByteString bytes, Feature feature)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case Tag1LengthDelimited:
                    feature.SetKind(FeatureKind.Bytes);
                    ParseBytesList(input.ReadBytes(), feature.Bytes);
                    break;
                case Tag2LengthDelimited:
                    feature.SetKind(FeatureKind.Float);
                    ParseFloatList(input.ReadBytes(), feature.Floats);
                    break;
                case Tag3LengthDelimited:
                    feature.SetKind(FeatureKind.Int64);
                    ParseInt64List(input.ReadBytes(), feature.Int64s);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }

    private static void ParseBytesList(ByteString bytes, List<byte[]> values)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == Tag1LengthDelimited)
            {
                values.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    private static void ParseFloatList(ByteString bytes, List<float> values)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == Tag1LengthDelimited)
            {
                // Packed: little-endian IEEE 754 float32 values back to back.
                ReadOnlySpan<byte> packed = input.ReadBytes().Span;
                if (packed.Length % 4 != 0)
                {
                    throw new InvalidDataException($"malformed tf.train.SequenceExample: packed float_list of {packed.Length} bytes is not a multiple of 4");
                }

                values.EnsureCapacity(values.Count + (packed.Length / 4));
                for (int i = 0; i < packed.Length; i += 4)
                {
                    values.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[i..]));
                }
            }
            else if (tag == Tag1Fixed32)
            {
                values.Add(input.ReadFloat());
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    private static void ParseInt64List(ByteString bytes, List<long> values)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == Tag1LengthDelimited)
            {
                var packed = input.ReadBytes().CreateCodedInput();
                while (!packed.IsAtEnd)
                {
                    values.Add(packed.ReadInt64());
                }
            }
            else if (tag == Tag1Varint)
            {
                values.Add(input.ReadInt64());
            }
            else
            {
                input.SkipLastField();
            }
        }
    }
}
