# Shared by the benchmark scripts that call the runner; sourced (needs $root), not run.

# one_core CPU COMMAND...: COMMAND on that core alone with one compute thread (two lanes can share a 2-core machine).
one_core() { local cpu=$1; shift; env OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 taskset -c "$cpu" "$@"; }

# setup_runner: $runner is the runner to call (as given, else a Release build of src/Runner, built now) and $launch
# how to call it (on core $pin with one compute thread when $pin is set, else plain dotnet).
setup_runner() {
  if [ -z "${runner:-}" ]; then
    dotnet build "$root/src/Runner" -c Release -nologo -v q >/dev/null
    runner="$root/src/Runner/bin/Release/net10.0/AutoVision.Runner.dll"
  fi
  launch=(dotnet)
  if [ -n "${pin:-}" ]; then launch=(one_core "$pin" dotnet); fi
}
