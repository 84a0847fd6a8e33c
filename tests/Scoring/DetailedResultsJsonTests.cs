using System.Text;

namespace AutoVision.Scoring.Tests;

public class DetailedResultsJsonTests
{
    [Fact]
    public void Write_Report_WritesEveryFieldInTheDocumentedLayout()
    {
        var report = new ScoreReport("mini", 1200, 60, [1e-05, 1300.0], [-0.5, 1.0], [double.NaN, 0.75], 0.25, 1300)
        {
            ValidColumns = [0, 2],
        };

        // Doubles as System.Text.Json writes them (shortest round-trip form), NaN as a string; the transformed times
        // are ln(1 + t/60) / ln(21) printed by Python 3.11 (math.log); alc_plot_variant is -0.5 * (1 - x(1e-05)).
        Assert.Equal(
            """
            {
              "scorer_version": "v20191219-compatible",
              "task": "mini",
              "time_budget": 1200,
              "t0": 60,
              "alc": 0.25,
              "alc_plot_variant": -0.4999999726284407,
              "duration": 1300,
              "valid_columns": [
                0,
                2
              ],
              "predictions": [
                {
                  "index": 0,
                  "time": 1E-05,
                  "transformed_time": 5.474311857123397E-08,
                  "nauc": -0.5,
                  "accuracy": "NaN"
                },
                {
                  "index": 1,
                  "time": 1300,
                  "transformed_time": 1.0250853722863946,
                  "nauc": 1,
                  "accuracy": 0.75
                }
              ]
            }

            """.ReplaceLineEndings("\n"),
            Write(report));
    }

    [Fact]
    public void Write_NotMulticlass_AccuracyIsNull()
    {
        var report = new ScoreReport("bin", 1200, 60, [10.0], [1.0], null, 0.9, 10);
        using var json = System.Text.Json.JsonDocument.Parse(Write(report));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("predictions")[0].GetProperty("accuracy").ValueKind);
        Assert.Equal(report.AlcPlotVariant, json.RootElement.GetProperty("alc_plot_variant").GetDouble());
    }

    private static string Write(ScoreReport report)
    {
        using var stream = new MemoryStream();
        DetailedResultsJson.Write(stream, report);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
