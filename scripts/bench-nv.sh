#!/usr/bin/env bash
# Full NV backup (QCN: NV 0..8191 with the SPC, plus the /nv/item_files item files) of the virtual
# mf627-mts over a modelled link (default 2 ms latency, 1 MB/s), and a plain `nv scan`, each next to
# the link's lower bound and to what stop-and-wait would take. One run each; a benchmark, not a test.
#
# Per NV id the modem sends one 133-byte NV_READ reply (or a 17-byte error reply for protected and
# unreadable ids) + 2 CRC bytes + the flag (+ escapes, not counted) = ~136 bytes.
#   lower bound   = ids x 136 / bandwidth + 2 x latency (one round trip; the rest can overlap)
#   stop-and-wait = ids x (2 x latency + 136 / bandwidth)
# (The emulator's bandwidth model applies to replies only; item files and the identity probe are
# extra round trips not counted in either figure.)
# Usage: scripts/bench-nv.sh [LATENCY_MS] [BANDWIDTH_BYTES_PER_S]
set -euo pipefail
cd "$(dirname "$0")/.."
latency=${1:-2}
bandwidth=${2:-1000000}
dotnet build -c Release src/ZteDiag.Cli -v q -nologo >/dev/null
zd="dotnet src/ZteDiag.Cli/bin/Release/net10.0/ztediag.dll"
work=$(mktemp -d)
export XDG_STATE_HOME="$work/state"
ready="$work/ready.json"
$zd emulate --profile mf627-mts --latency "$latency" --bandwidth "$bandwidth" >"$ready" 2>"$work/emu.err" &
emu=$!
trap 'kill $emu 2>/dev/null || true; wait $emu 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$ready" ] && break; sleep 0.1; done
diag=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['diag'])" "$ready")
at=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['at'])" "$ready")

t0=$(date +%s.%N)
$zd nv scan --port "$diag" --at-port "$at" --json >"$work/scan.json"
t1=$(date +%s.%N)
$zd nv backup --port "$diag" --at-port "$at" -o "$work/bench.qcn" --spc 000000 --json >"$work/backup.json"
t2=$(date +%s.%N)

python3 - "$t0" "$t1" "$t2" "$latency" "$bandwidth" "$work/scan.json" "$work/backup.json" <<'PY'
import json, sys
t0, t1, t2, lat, bw = (float(x) for x in sys.argv[1:6])
scan = json.load(open(sys.argv[6])); backup = json.load(open(sys.argv[7]))
ids = scan["scanned"]
lower = ids * 136 / bw + 2 * lat / 1000
saw = ids * (2 * lat / 1000 + 136 / bw)
print(f"link: {lat:g} ms latency, {bw:g} B/s; {ids} NV ids, {len(scan['active'])} active, {backup['items']} saved, {backup['item_files']} item files")
print(f"nv scan   : {t1 - t0:6.2f} s   (lower bound {lower:5.2f} s, stop-and-wait {saw:5.2f} s; includes process start)")
print(f"nv backup : {t2 - t1:6.2f} s   (lower bound {lower:5.2f} s + SPC re-read + item files, stop-and-wait {saw:5.2f} s)")
PY
