# AutoVision batch-evaluation image.
#
#   docker build -t autovision .                                   # CPU (libtorch-cpu-linux-x64)
#   docker build -t autovision:cuda --build-arg FLAVOUR=cuda .     # GPU hosts: TorchSharp-cuda-linux on a CUDA runtime image
#   docker run --rm -v /path/to/datasets:/data:ro -v /path/to/results:/results autovision            # batch, T = 1200 s
#   docker run --rm -v ...:/data:ro -v ...:/results autovision batch --datasets /data --output /results --budget 300 --workers 2
#   docker run --rm -v /path/to/dataset:/data:ro -v ...:/results autovision run --dataset /data --output /results/run
#   docker run --rm --gpus all ... autovision:cuda batch --datasets /data --output /results --device cuda
#
# /data holds AutoDL dataset folders (each with one <name>.data/ and, to be scored, <name>.solution); /results gets
# results.csv, leaderboard.csv/.md, learning_curves.png, runs/ and logs/ (see docs/runner.md). Settings can also come
# from environment variables (-e AUTOVISION__BUDGET=600) or a mounted --config file.
#
# No Docker engine exists on the development machines: this file is not built there. Each RUN step is a command the
# README's own setup runs (dotnet publish of the runner, as docs/runner.md "Publishing" shows); the CUDA flavour and
# the two base images are not exercised at all (the CUDA packages are not on our NuGet mirror).

# cpu | cuda
ARG FLAVOUR=cpu
# The CUDA runtime the cuda flavour runs on (libtorch 2.10 for CUDA 12.8, as TorchSharp-cuda-linux 0.107 ships it).
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

# --- build: restores TorchSharp, libtorch and the pretrained ResNet18 weights from NuGet, and patches the loader ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG FLAVOUR
WORKDIR /src
COPY . .
# The weights (models/ResNet18.onnx, models/ResNetPreprocess.onnx) are part of the publish output: baked into the
# image here, never downloaded at run time. The test fails the build if they are missing.
RUN dotnet publish src/Runner/AutoVision.Runner.csproj -c Release -p:TorchFlavour=${FLAVOUR} -o /app \
 && test -s /app/models/ResNet18.onnx && test -s /app/models/ResNetPreprocess.onnx

# --- runtime bases: the .NET runtime image (cpu), or a CUDA runtime image with the .NET runtime copied in (cuda) ---
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime-cpu

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS dotnet-runtime
FROM ${CUDA_IMAGE} AS runtime-cuda
COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

# --- the image: the runner as a non-root user ---
FROM runtime-${FLAVOUR}
WORKDIR /app
COPY --from=build /app .
RUN useradd --create-home --uid 10001 autovision \
 && mkdir -p /data /results && chown autovision /results
USER autovision
VOLUME ["/results"]
ENTRYPOINT ["dotnet", "/app/AutoVision.Runner.dll"]
CMD ["batch", "--datasets", "/data", "--output", "/results", "--budget", "1200"]
