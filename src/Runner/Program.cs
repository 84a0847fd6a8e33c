using AutoVision.Runner.Cli;

return await CommandLine.InvokeAsync(args);
