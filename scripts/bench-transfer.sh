#!/usr/bin/env bash
# EFS read throughput against the virtual modem's link model, compared with the link's lower bound.
# Usage: scripts/bench-transfer.sh [LATENCY_MS] [BANDWIDTH_B_PER_S] [REMOTE]
# Builds Release, starts `ztediag emulate --latency L --bandwidth B`, runs `ztediag efs get REMOTE`
# with the default --window and with --window 1, prints bytes, seconds, bound and ratio (goal ≤ 1.2).
set -euo pipefail
cd "$(dirname "$0")/.."

LATENCY_MS=${1:-2}
BANDWIDTH=${2:-1000000}
REMOTE=${3:-/ZTEMODEM.iso}

dotnet build src/ZteDiag.Cli -c Release -v q -nologo >/dev/null
ZTEDIAG=(dotnet src/ZteDiag.Cli/bin/Release/net10.0/ztediag.dll)

work=$(mktemp -d)
emu_pid=""
cleanup() {
    if [[ -n "$emu_pid" ]]; then kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"${ZTEDIAG[@]}" emulate --latency "$LATENCY_MS" --bandwidth "$BANDWIDTH" >"$work/ready" 2>"$work/emu.err" &
emu_pid=$!
for _ in $(seq 100); do [[ -s "$work/ready" ]] && break; sleep 0.1; done
diag=$(sed -n 's/.*"diag":"\([^"]*\)".*/\1/p' "$work/ready")
[[ -n "$diag" ]] || { echo "emulator did not start: $(cat "$work/emu.err")" >&2; exit 1; }

printf '%-10s %10s %9s %9s %7s\n' window bytes seconds bound_s ratio
for window in default 1; do
    args=(--port "$diag")
    [[ "$window" == default ]] || args+=(--window "$window")
    rm -f "$work/out"
    start=$(date +%s.%N)
    "${ZTEDIAG[@]}" "${args[@]}" efs get "$REMOTE" "$work/out" >/dev/null
    end=$(date +%s.%N)
    bytes=$(stat -c %s "$work/out")
    awk -v b="$bytes" -v s="$start" -v e="$end" -v bw="$BANDWIDTH" -v lat="$LATENCY_MS" -v w="$window" 'BEGIN {
        secs = e - s; bound = b / bw + lat / 1000.0;
        printf "%-10s %10d %9.2f %9.2f %7.2f\n", w, b, secs, bound, secs / bound }'
done
echo "(seconds include process start-up, DIAG connect and the EFS HELLO/QUERY/STAT/OPEN round trips)"
