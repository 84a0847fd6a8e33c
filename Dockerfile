# AutoVision batch-evaluation image (first version; CPU).
#   docker build -t autovision .
#   docker run --rm -v /path/to/dataset:/data:ro -v /path/to/output:/output autovision \
#       run --dataset /data --output /output --budget 1200
# The dataset folder holds one <name>.data/ (and perhaps <name>.solution), as the challenge's did.
# Not built on the development machines (no Docker engine there); every step is a command the README's
# own setup runs: `dotnet publish` restores TorchSharp, libtorch and the pretrained weights from NuGet and
# applies the libLibTorchSharp.so loader fix to the publish folder.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Runner/AutoVision.Runner.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
# The pretrained weights (models/) and the bundled sample come with the publish output: nothing is downloaded at run time.
COPY --from=build /app .
RUN useradd --create-home --uid 10001 autovision && mkdir -p /output && chown autovision /output
USER autovision
ENTRYPOINT ["dotnet", "/app/AutoVision.Runner.dll"]
CMD ["run", "--dataset", "/data", "--output", "/output"]
