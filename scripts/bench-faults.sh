#!/usr/bin/env bash
# Full backup of the virtual mf627-mts under injected faults, each timed and compared with the clean
# run of the same script run (ratio, goal <= 1.5), and each archive's content compared with the clean
# archive's (every member byte for byte; the manifest only without its creation time). Then a restore
# of the clean archive with --delete-extra (onto a modem generated with another seed, so there is work to do) clean and
# under each fault and under corrupt+drop+delay together. The transport counters of each run (re-sends and why, final
# window, RTT) come from `--json`.
# Usage: scripts/bench-faults.sh [LATENCY_MS BANDWIDTH_B_PER_S]   (no arguments: no link limits)
#   e.g. scripts/bench-faults.sh 2 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
latency=${1:-0}
bandwidth=${2:-0}
dotnet build -c Release src/ZteDiag.Cli -v q -nologo >/dev/null
zd=(dotnet src/ZteDiag.Cli/bin/Release/net10.0/ztediag.dll)
work=$(mktemp -d)
export XDG_STATE_HOME="$work/state"
emu=""
stop_emu() { if [[ -n "$emu" ]]; then kill "$emu" 2>/dev/null || true; wait "$emu" 2>/dev/null || true; emu=""; fi; }
trap 'stop_emu; rm -rf "$work"' EXIT

# failed NAME: says which run failed and what the client and the virtual modem said, then stops
failed() {
    echo "bench-faults: run '$1' failed (exit code above); its JSON and the emulator's stderr:" >&2
    tail -c 2000 "$work/$1.json" >&2 || true
    tail -n 20 "$work/$1.emu.err" >&2 || true
    exit 1
}

# start_emu NAME [emulate args...]: sets $diag and $at
start_emu() {
    local name=$1; shift
    local link=()
    [[ "$latency" != 0 ]] && link+=(--latency "$latency")
    [[ "$bandwidth" != 0 ]] && link+=(--bandwidth "$bandwidth")
    "${zd[@]}" emulate --profile mf627-mts "${link[@]}" "$@" >"$work/$name.ready" 2>"$work/$name.emu.err" &
    emu=$!
    for _ in $(seq 200); do [[ -s "$work/$name.ready" ]] && break; sleep 0.05; done
    diag=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['diag'])" "$work/$name.ready")
    at=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['at'])" "$work/$name.ready")
}

# run NAME CLIENT_ARGS -- EMULATE_ARGS: one backup; prints NAME SECONDS and saves the JSON
run_backup() {
    local name=$1 client=$2; shift 2
    start_emu "$name" "$@"
    local s e
    s=$(date +%s.%N)
    # shellcheck disable=SC2086
    "${zd[@]}" backup --port "$diag" --at-port "$at" $client -o "$work/$name.tar.gz" --json >"$work/$name.json" || failed "$name"
    e=$(date +%s.%N)
    stop_emu
    echo "$name $(python3 -c "print(f'{$e-$s:.3f}')")" >>"$work/times"
}

run_restore() {
    local name=$1; shift
    start_emu "$name" --seed 2 "$@"
    local s e
    s=$(date +%s.%N)
    "${zd[@]}" restore "$work/clean.tar.gz" --port "$diag" --at-port "$at" -y --other-device --delete-extra \
        --journal-dir "$work/journal-$name" --json >"$work/$name.json" || failed "$name"
    e=$(date +%s.%N)
    # untimed: the modem must now hold exactly the archive (read back through the same faults)
    if "${zd[@]}" verify "$work/clean.tar.gz" --against-device --port "$diag" --at-port "$at" >"$work/$name.verify" 2>&1; then
        echo "$name identical" >>"$work/verified"
    else
        echo "$name DIFFERENT" >>"$work/verified"
    fi
    stop_emu
    echo "$name $(python3 -c "print(f'{$e-$s:.3f}')")" >>"$work/times"
}

three="corrupt=0.01,drop=0.01,delay=0.01:200ms"
run_backup clean ""
run_backup corrupt "" --faults corrupt=0.01
run_backup drop "" --faults drop=0.01
run_backup delay "" --faults delay=0.01:200ms
run_backup all-three "" --faults "$three"
run_backup rx-queue-4 "--window 8" --rx-queue 4
run_restore restore-clean
run_restore restore-corrupt --faults corrupt=0.01
run_restore restore-drop --faults drop=0.01
run_restore restore-delay --faults delay=0.01:200ms
run_restore restore-all-three --faults "$three"

uptime_now=$(uptime)
python3 - "$work" "$latency" "$bandwidth" "$uptime_now" <<'PY'
import hashlib, json, re, sys, tarfile
work, lat, bw, up = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
times = dict(l.split() for l in open(f"{work}/times"))
verified = dict(l.split() for l in open(f"{work}/verified"))
def content(name):
    out = {}
    with tarfile.open(f"{work}/{name}.tar.gz") as t:
        for m in t.getmembers():
            data = t.extractfile(m).read() if m.isfile() else b""
            if m.name == "manifest.json":
                j = json.loads(data); j.pop("created_utc", None); data = json.dumps(j, sort_keys=True).encode()
            # Python reads the GNU header's atime/ctime field as a POSIX name prefix ("<digits>/efs/…"): drop it
            out[re.sub(r"^[0-9]+/", "", m.name)] = (m.type, m.mode, m.linkname, hashlib.sha256(data).hexdigest())
    return out
clean = content("clean")
print(f"bench-faults: mf627-mts, link latency {lat} ms, bandwidth {bw or 'unlimited'} B/s; load: {up.strip()}")
print(f"{'run':<20}{'seconds':>9}{'x clean':>9}  {'archive':<10}{'re-sent (later/bad/timer)':>27}{'dups':>6}{'window':>7}{'rtt ms':>8}")
for name in ["clean", "corrupt", "drop", "delay", "all-three", "rx-queue-4", "restore-clean", "restore-corrupt", "restore-drop", "restore-delay", "restore-all-three"]:
    base = times["restore-clean"] if name.startswith("restore") else times["clean"]
    j = json.load(open(f"{work}/{name}.json")); tr = j.get("transport", {})
    same = verified[name] if name.startswith("restore") else ("identical" if content(name) == clean else "DIFFERENT")
    resent = f"{tr.get('resent')} ({tr.get('resent_later_reply_first')}/{tr.get('resent_bad_frame')}/{tr.get('resent_timeout')})"
    rtt = tr.get("rtt_ms")
    print(f"{name:<20}{float(times[name]):>9.2f}{float(times[name])/float(base):>9.2f}  {same:<10}{resent:>27}{tr.get('duplicates_dropped'):>6}{tr.get('window'):>7}{(rtt if rtt is not None else float('nan')):>8.2f}")
print("(restore ratios are to restore-clean, and 'archive' says whether the modem then verifies against the archive;")
print(" seconds are process wall clock incl. .NET start-up)")
PY
