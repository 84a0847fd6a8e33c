using System.Buffers.Binary;
using System.Text;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckString_ReturnsCastagnoliCheckValue()
    {
        // The CRC-32C check value of "123456789" (RFC 3720 / iSCSI).
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_Empty_ReturnsZero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Compute_ThirtyTwoZeroBytes_ReturnsRfc3720Vector()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void Compute_AnyLength_MatchesPortableTable()
    {
        var random = new Random(1234);
        for (int length = 0; length < 80; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(~Crc32C.UpdateWithTable(0xFFFFFFFFu, data), Crc32C.Compute(data));
        }
    }

    [Fact]
    public void Mask_Value_RotatesRightBy15AndAddsDelta()
    {
        const uint crc = 0x12345678u;
        uint expected = unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
        Assert.Equal(expected, Crc32C.Mask(crc));
    }

    [Fact]
    public void Mask_FirstHeaderOfSampleFile_MatchesStoredLengthCrc()
    {
        byte[] header = File.ReadAllBytes(TestPaths.DataFile("miniciao", "train"))[..12];
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        Assert.Equal(stored, Crc32C.Mask(Crc32C.Compute(header.AsSpan(0, 8))));
    }
}
