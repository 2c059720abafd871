#!/usr/bin/env bash
# A bench of virtual sticks: `backup --all` of N sticks (default 8) against `backup` of one of them alone, on
# the same emulator process (`emulate --count N`, every link modelled at LATENCY ms and BANDWIDTH bytes/s).
# The links are independent, so the goal is total / one-stick <= 1.3: the host (2 cores, one emulator
# process serving all sticks, one client process) must not be the bottleneck. Also reports the client's
# peak memory (/usr/bin/time -v) and the load average, since the machine may be shared.
# Usage: scripts/bench-fleet.sh [COUNT] [LATENCY_MS] [BANDWIDTH_BYTES_PER_S]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-8}
latency=${2:-2}
bandwidth=${3:-1000000}
dotnet build -c Release src/ZteDiag.Cli -v q -nologo >/dev/null
zd="dotnet src/ZteDiag.Cli/bin/Release/net10.0/ztediag.dll"
work=$(mktemp -d)
export XDG_STATE_HOME="$work/state"
ready="$work/ready.json"
$zd emulate --count "$count" --latency "$latency" --bandwidth "$bandwidth" --sysfs "$work/sys" >"$ready" 2>"$work/emu.err" &
emu=$!
trap 'kill $emu 2>/dev/null || true; wait $emu 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 600); do [ -s "$ready" ] && break; sleep 0.1; done
[ -s "$ready" ] || { echo "emulator did not start" >&2; cat "$work/emu.err" >&2; exit 1; }

timed() { # timed LABEL CMD... : wall seconds to $work/LABEL.s, peak RSS (KiB) to $work/LABEL.kb
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$work/$label.time" "$@" >"$work/$label.out" 2>"$work/$label.err"
    awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$work/$label.time" >"$work/$label.kb"
  else
    "$@" >"$work/$label.out" 2>"$work/$label.err"
    echo "?" >"$work/$label.kb"
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc >"$work/$label.s"
}

mkdir -p "$work/one" "$work/all"
echo "load before: $(uptime)"
timed one $zd --sysfs-root "$work/sys" --device 1 backup -o "$work/one"
timed all $zd --sysfs-root "$work/sys" backup --all -o "$work/all"
echo "load after:  $(uptime)"
archives=$(ls "$work/all"/*.tar.gz | wc -l)
one=$(cat "$work/one.s"); all=$(cat "$work/all.s")
printf 'sticks %s, latency %s ms, bandwidth %s B/s, archives made by --all: %s\n' "$count" "$latency" "$bandwidth" "$archives"
printf 'one stick alone: %.2f s, peak RSS %s KiB\n' "$one" "$(cat "$work/one.kb")"
printf 'backup --all:    %.2f s, peak RSS %s KiB\n' "$all" "$(cat "$work/all.kb")"
printf 'ratio total/one-stick: %.2f (goal <= 1.3)\n' "$(echo "$all / $one" | bc -l)"
tail -n 1 "$work/all.out"
