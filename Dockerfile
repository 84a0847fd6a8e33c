# AutoVision batch-evaluation image (first version).
#   docker build -t autovision .
#   docker run --rm -v /path/to/dataset:/data:ro -v /path/to/output:/output autovision \
#       run --dataset /data --output /output --budget 1200
# The dataset folder holds one <name>.data/ (and perhaps <name>.solution), as the challenge's did.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# Publishing also applies the libLibTorchSharp.so loader fix (build/LibTorchSharpElfPatch.targets).
RUN dotnet publish src/Runner/AutoVision.Runner.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
ENV OMP_WAIT_POLICY=PASSIVE
ENTRYPOINT ["dotnet", "/app/AutoVision.Runner.dll"]
CMD ["run", "--dataset", "/data", "--output", "/output"]
