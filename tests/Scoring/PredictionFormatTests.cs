namespace AutoVision.Scoring.Tests;

// Expected strings were printed by Python 3.11: '{0:g}'.format(v) for FormatValue, str(t) for FormatTimestamp.
public class PredictionFormatTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.3333333333333333, "0.333333")]
    [InlineData(0.6666666666666666, "0.666667")]
    [InlineData(0.123456789, "0.123457")]
    [InlineData(123456.0, "123456")]
    [InlineData(999999.0, "999999")]
    [InlineData(999999.5, "1e+06")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.23457e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012345678, "0.000123457")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.5e-05, "1.5e-05")]
    [InlineData(9.99999e-05, "9.99999e-05")]
    [InlineData(0.000999999, "0.000999999")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(1e+300, "1e+300")]
    [InlineData(5e-324, "4.94066e-324")]
    [InlineData(2.2250738585072014e-308, "2.22507e-308")]
    [InlineData(1.7976931348623157e+308, "1.79769e+308")]
    [InlineData(100.0, "100")]
    [InlineData(1000000000000000.0, "1e+15")]
    [InlineData(12345.6789, "12345.7")]
    [InlineData(-2.5e-07, "-2.5e-07")]
    [InlineData(-999999.5, "-1e+06")]
    [InlineData(999999.4999, "999999")]
    [InlineData(123456.5, "123456")]                  // an exact tie: rounded to even
    [InlineData(9.9999949e-05, "9.99999e-05")]
    [InlineData(9.999995e-05, "0.0001")]              // rounds up to 1e-04, which is written positionally
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(1e+16, "1e+16")]
    [InlineData(-1e-300, "-1e-300")]
    [InlineData(-1e+300, "-1e+300")]
    [InlineData(1e-310, "1e-310")]                    // subnormal
    [InlineData(2.225073858507201e-308, "2.22507e-308")]   // the largest subnormal
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void FormatValue_Double_MatchesPythonG(double value, string expected)
    {
        Assert.Equal(expected, PredictionFormat.FormatValue(value));
    }

    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(1f / 3f, "0.333333")]
    [InlineData(0.7f, "0.7")]
    [InlineData(1e-6f, "1e-06")]
    [InlineData(0.99999994f, "1")]
    [InlineData(-0f, "-0")]
    [InlineData(1e-5f, "1e-05")]                      // 9.999999747378752e-06 once widened
    [InlineData(999999.5f, "1e+06")]
    [InlineData(1e-45f, "1.4013e-45")]                // the smallest float32 subnormal
    [InlineData(1e-40f, "9.99995e-41")]               // a float32 subnormal: 9.99994610111476e-41
    [InlineData(1.17549435e-38f, "1.17549e-38")]      // the smallest normal float32
    [InlineData(3.4028235e38f, "3.40282e+38")]
    public void FormatValue_FloatWidenedToDouble_MatchesPythonG(float value, string expected)
    {
        // The challenge's writer formats float(v) of a float32 element: the exact widened value.
        Assert.Equal(expected, PredictionFormat.FormatValue((double)value));
    }

    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(1200.0, "1200.0")]
    [InlineData(60.0, "60.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(0.3333333333333333, "0.3333333333333333")]
    [InlineData(1557269921.7939095, "1557269921.7939095")]
    [InlineData(1557269953.5586617, "1557269953.5586617")]
    [InlineData(1557269958.3, "1557269958.3")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00011, "0.00011")]
    [InlineData(9.999e-05, "9.999e-05")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(1.5e-05, "1.5e-05")]
    [InlineData(1000000000000000.0, "1000000000000000.0")]
    [InlineData(123456789012345.6, "123456789012345.6")]
    [InlineData(9999999999999998.0, "9999999999999998.0")]
    [InlineData(1e+16, "1e+16")]
    [InlineData(1.2345e+16, "1.2345e+16")]
    [InlineData(1e+22, "1e+22")]
    [InlineData(1e+100, "1e+100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e+308, "1.7976931348623157e+308")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(999999.5, "999999.5")]
    [InlineData(-999999.5, "-999999.5")]
    [InlineData(9.999995e-05, "9.999995e-05")]
    [InlineData(1e-07, "1e-07")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(1e+300, "1e+300")]
    [InlineData(-1e-300, "-1e-300")]
    [InlineData(-1e+300, "-1e+300")]
    [InlineData(1e-310, "1e-310")]
    [InlineData(2.225073858507201e-308, "2.225073858507201e-308")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(9007199254740992.0, "9007199254740992.0")]
    [InlineData(0.9493678621260133, "0.9493678621260133")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void FormatTimestamp_Double_MatchesPythonStr(double value, string expected)
    {
        Assert.Equal(expected, PredictionFormat.FormatTimestamp(value));
    }

    [Fact]
    public void FormatTimestamp_ManyValues_ReadsBackExactly()
    {
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value)) continue;
            string text = PredictionFormat.FormatTimestamp(value);
            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void FormatList_Values_MatchesPythonListRepr()
    {
        Assert.Equal("[]", PredictionFormat.FormatList([]));
        Assert.Equal("[10.0, 60.0]", PredictionFormat.FormatList([10.0, 60.0]));
        Assert.Equal("[0.11111111111111116, 1.0, 1e-05]", PredictionFormat.FormatList([0.11111111111111116, 1.0, 1e-05]));
    }
}
