#!/usr/bin/env bash
# Runs the matching-engine benchmarks (ADR 0010) with a short BenchmarkDotNet job and prints the summary tables;
# the "Ratio" column of the assignment tables is our time over OR-Tools' time, measured in the same run.
# The setup of each assignment benchmark first checks that both solvers reach the same optimal total.
# Takes about 4 minutes on 2 cores. Full reports: bench/BenchmarkDotNet.Artifacts/results/.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Ressursvenn.Benchmarks -c Release -v q -nologo >/dev/null
cd Ressursvenn.Benchmarks
dotnet run -c Release --no-build -- --quick
dotnet run -c Release --no-build -- --filter '*' --job short --artifacts ../BenchmarkDotNet.Artifacts "$@" \
  | sed -n '/^\/\/ \* Summary \*/,/^\/\/ \* Legends \*/p; /same optimal total/p; /^\/\/ Suggest:/p' \
  | awk '!/same optimal total|^\/\/ Suggest:/ || !seen[$0]++'
