#!/usr/bin/env bash
# Full backup of the virtual mf627-mts over a modelled link (default: 2 ms latency, 1 MB/s), next to
# the link's lower bound, and the backup process's peak memory.
#
# Lower bound = (bytes the modem must send) / bandwidth + latency x (requests that cannot overlap).
#   bytes: every READ/GET reply (20-byte header + data + HDLC CRC/flag/escapes), ~48 bytes for each
#          other reply (OPEN, FSTAT, CLOSE, READDIR, …).
#   requests that cannot overlap: per directory OPENDIR + one READDIR per entry + end-of-dir READDIR
#          + CLOSEDIR; per file OPEN, FSTAT, the first READ (later READs ride the window), CLOSE;
#          per item file GET; per symlink READLINK. (The bandwidth model applies to replies only.)
# Usage: scripts/bench-backup.sh [LATENCY_MS] [BANDWIDTH_BYTES_PER_S]
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
archive="$work/bench.tar.gz"

start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$work/time.txt" $zd backup --port "$diag" --at-port "$at" -o "$archive" --json >"$work/out.json"
  peak_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$work/time.txt")
else
  $zd backup --port "$diag" --at-port "$at" -o "$archive" --json >"$work/out.json" &
  pid=$!; peak_kb=0
  while kill -0 $pid 2>/dev/null; do
    v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0); [ "${v:-0}" -gt "$peak_kb" ] && peak_kb=$v; sleep 0.05
  done
  wait $pid
fi
end=$(date +%s.%N)

tar xzf "$archive" -C "$work" manifest.json
python3 - "$work/manifest.json" "$latency" "$bandwidth" "$start" "$end" "$peak_kb" "$work/out.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); lat = float(sys.argv[2]) / 1000; bw = float(sys.argv[3])
wall = float(sys.argv[5]) - float(sys.argv[4]); peak = int(sys.argv[6]); out = json.load(open(sys.argv[7]))
SMALL = 48
def frame(n): return n + 3 + n // 128   # CRC + flag + ~escapes (0x7D/0x7E in random data: 2/256)
byts = 0; serial = 0; content = 0
dirs = {"/"}
for e in m["entries"]:
    parent = e["path"].rsplit("/", 1)[0] or "/"
    serial += 1; byts += SMALL                      # the READDIR that returned this entry
    k = e["kind"]
    if k == "directory":
        dirs.add(e["path"])
    elif k == "file":
        n = e["size"]; content += n
        reads = n // 1024 + 1
        byts += frame(20) * reads + n + n // 128 + 3 * SMALL
        serial += 4                                  # OPEN, FSTAT, first READ, CLOSE
    elif k == "item_file":
        byts += frame(20 + e["size"]); serial += 1; content += e["size"]
    elif k == "symlink":
        byts += SMALL; serial += 1
serial += 3 * len(dirs); byts += 3 * SMALL * len(dirs)   # OPENDIR, end READDIR, CLOSEDIR
serial += 12; byts += 12 * 200                       # connect + identity (HELLO, QUERY, VERNO, NV 550, ATI…)
bound = (byts / bw if bw > 0 else 0) + lat * serial
print(f"backup of mf627-mts: {len(m['entries'])} entries, {content} content bytes, verified={out['verified']}")
print(f"link: latency {lat*1000:.0f} ms, bandwidth {bw:.0f} B/s")
print(f"time:        {wall:.2f} s (process wall clock, incl. .NET start-up and archive verification)")
print(f"job time:    {out['seconds']:.2f} s (walk + read + write, as the job reports it)")
print(f"lower bound: {bound:.2f} s = {byts} reply bytes / bandwidth + {serial} serial requests x latency")
if bound > 0:
    print(f"ratio:       {wall/bound:.2f} (wall)   {out['seconds']/bound:.2f} (job)   goal <= 1.2")
print(f"peak memory: {peak/1024:.1f} MiB (max RSS)")
PY
