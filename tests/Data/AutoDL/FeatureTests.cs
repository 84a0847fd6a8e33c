using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class FeatureTests
{
    [Fact]
    public void SetKind_SameKind_KeepsValues()
    {
        var feature = new Feature();
        feature.SetKind(FeatureKind.Int64);
        feature.Int64s.Add(1);

        feature.SetKind(FeatureKind.Int64);

        Assert.Equal([1L], feature.Int64s);
        Assert.Equal(1, feature.Count);
    }

    [Fact]
    public void SetKind_OtherKind_ReplacesValues()
    {
        var feature = new Feature();
        feature.SetKind(FeatureKind.Int64);
        feature.Int64s.Add(1);

        feature.SetKind(FeatureKind.Float);

        Assert.Empty(feature.Int64s);
        Assert.Equal(FeatureKind.Float, feature.Kind);
        Assert.Equal(0, feature.Count);
    }

    [Theory]
    [InlineData(1, "bytes_list")]
    [InlineData(2, "float_list")]
    [InlineData(3, "int64_list")]
    [InlineData(0, "no list")]
    public void KindName_Kind_ReturnsProtobufFieldName(int kind, string expected)
    {
        Assert.Equal(expected, Feature.KindName((FeatureKind)kind));
    }
}
