using System.CommandLine;
using AutoVision.Runner.Prediction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Cli;

/// <summary>
/// <c>predict --model OUTPUT --input FILE_OR_DIR [--input ...] [--output FILE.csv] [--device auto|cpu|cuda]</c>: class
/// probabilities for new images from a trained run's model (see <see cref="PredictJob"/>).
/// </summary>
internal static class PredictVerb
{
    public static Command Build()
    {
        var model = new Option<string>("--model") { Description = "A run's output folder (its checkpoints/best.ckpt, else last.ckpt), a checkpoint folder or a .ckpt file", Required = true };
        var input = new Option<string[]>("--input") { Description = "Image files or folders (every image under a folder, in path order); may be repeated", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--output") { Description = "CSV file to write (default: standard output)" };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var predict = new Command("predict",
            "Read a trained run's model and write class probabilities for new images as CSV: path, prediction, one column per class, error (one row per image, in input order; an unreadable image keeps its row with the reason in 'error'). Exit 0, or 2 on bad input (no model, no images), 3 when some images could not be read.")
            { model, input, output, device };
        predict.SetAction((parse, ct) => Task.FromResult(Predict(parse, ct)));
        return predict;

        int Predict(ParseResult parse, CancellationToken ct)
        {
            using var host = CommandLine.BuildHost();
            var log = host.Services.GetRequiredService<ILoggerFactory>();
            try
            {
                var job = new PredictJob(log.CreateLogger<PredictJob>());
                var outcome = job.Run(parse.GetValue(model)!, parse.GetValue(input)!, parse.GetValue(output), parse.GetValue(device)!, ct);
                if (parse.GetValue(output) is { } path)
                    Console.Error.WriteLine($"wrote {outcome.Rows} rows to {Path.GetFullPath(path)} ({outcome.Failed} without probabilities) with {outcome.Checkpoint}");
                return outcome.Failed > 0 ? 3 : 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.BadInput;
            }
        }
    }
}
