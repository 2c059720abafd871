#!/usr/bin/env bash
# Full backup of the virtual mf627-mts over a modelled link (default: 2 ms latency, 1 MB/s), next to
# the link's lower bound, and the backup process's peak memory.
#
# Lower bound = (bytes the modem must send) / bandwidth + latency x (round trips that cannot overlap,
# given what the client does: requests sent together in one batch share one latency).
#   bytes: every READ/GET reply (20-byte header + data + HDLC CRC/flag/escapes), ~48 bytes for each
#          other reply (OPEN, FSTAT, CLOSE, one READDIR per entry and one end-of-directory per
#          directory, OPENDIR, CLOSEDIR, READLINK). Replies the client causes needlessly (READDIRs sent
#          past a directory's end) are not counted: they are the client's overhead, not the link's.
#   round trips, mirroring the client (EfsClient.ListTreeAsync / ReadSmallFilesAsync / GetItemsAsync):
#     walk: directories in breadth-first groups of 3 (MaxBatchDirs); per group 1 (the previous group's
#           CLOSEDIRs + this group's OPENDIRs) + max over its directories of ceil((entries + 1) / 8)
#           READDIR rounds (8 = window); + 1 for the last CLOSEDIRs;
#     files up to 4096 bytes: groups of 4 (the next such files in archive order): 2 each (the previous
#           group's CLOSEs + this group's OPENs, READs); + 1 for the last group's CLOSEs;
#     item files: groups of 16: 1 each (GETs);
#     larger files: OPEN, FSTAT, the first READ (later READs ride the window), CLOSE = 4;
#     symlinks: READLINK = 1; connect + identity (HELLO, QUERY, VERNO, NV 550, ATI…): 12.
#   (The bandwidth model applies to replies only.)
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
WINDOW, DIR_BATCH, FILE_BATCH, ITEM_BATCH, BATCH_FILE_MAX = 8, 3, 4, 16, 4096
def frame(n): return n + 3 + n // 128   # CRC + flag + ~escapes (0x7D/0x7E in random data: 2/256)
byts = 0; serial = 0; content = 0
entries = m["entries"]
children = {"/": []}
for e in entries:
    parent = e["path"].rsplit("/", 1)[0] or "/"
    children.setdefault(parent, []).append(e)
    if e["kind"] == "directory":
        children.setdefault(e["path"], [])
# walk: breadth-first groups of directories
queue = ["/"]
while queue:
    group, queue = queue[:DIR_BATCH], queue[DIR_BATCH:]
    serial += 1 + max((len(children[d]) + 1 + WINDOW - 1) // WINDOW for d in group)
    for d in group:
        byts += SMALL * (2 + len(children[d]) + 1)        # OPENDIR, CLOSEDIR, one READDIR per entry + end
        queue += [c["path"] for c in children[d] if c["kind"] == "directory"]
serial += 1                                               # the last CLOSEDIRs
# contents, in archive order, batched like the client
def small(e): return e["kind"] == "file" and e["size"] <= BATCH_FILE_MAX
fetched = set()
for i, e in enumerate(entries):
    k = e["kind"]
    if k == "file":
        n = e["size"]; content += n
        byts += frame(20) * (n // 1024 + 1) + n + n // 128
        byts += SMALL * (2 if small(e) else 3)            # OPEN, CLOSE (+ FSTAT for a large file)
        if not small(e):
            serial += 4
    elif k == "item_file":
        byts += frame(20 + e["size"]); content += e["size"]
    elif k == "symlink":
        byts += SMALL; serial += 1
    if (small(e) or k == "item_file") and e["path"] not in fetched:
        same = small if k == "file" else (lambda x: x["kind"] == "item_file")
        group = [x["path"] for x in entries[i:] if same(x) and x["path"] not in fetched][:FILE_BATCH if k == "file" else ITEM_BATCH]
        fetched.update(group)
        serial += 2 if k == "file" else 1
serial += 1 if any(small(e) for e in entries) else 0   # the last small-file group's CLOSEs
serial += 12; byts += 12 * 200                       # connect + identity (HELLO, QUERY, VERNO, NV 550, ATI…)
bound = (byts / bw if bw > 0 else 0) + lat * serial
print(f"backup of mf627-mts: {len(m['entries'])} entries, {content} content bytes, verified={out['verified']}")
print(f"link: latency {lat*1000:.0f} ms, bandwidth {bw:.0f} B/s")
print(f"time:        {wall:.2f} s (process wall clock, incl. .NET start-up and archive verification)")
print(f"job time:    {out['seconds']:.2f} s (walk + read + write, as the job reports it)")
print(f"lower bound: {bound:.2f} s = {byts} reply bytes / bandwidth + {serial} round trips x latency")
if bound > 0:
    print(f"ratio:       {wall/bound:.2f} (wall)   {out['seconds']/bound:.2f} (job)   goal <= 1.2")
print(f"peak memory: {peak/1024:.1f} MiB (max RSS)")
PY
