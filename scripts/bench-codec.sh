#!/usr/bin/env bash
# HDLC codec throughput (deframe+CRC and frame) on 1 MiB of EFS READ traffic, next to memcpy.
# Prints BenchmarkDotNet's table, measured in one run: Mean, MB/s, and Ratio to memcpy (the physical limit).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
dotnet run -c Release --project tests/ZteDiag.Benchmarks -- --filter '*CodecBenchmarks*' "$@" >"$out" 2>&1 || { cat "$out"; exit 1; }
awk '/^\| Method/ {show = 1} show && /^\|/ {print} show && !/^\|/ {exit}' "$out"
rm -f "$out"
