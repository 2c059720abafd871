#!/usr/bin/env bash
# Runs every test project of the solution and prints one plain closing line
# "N passed, N failed, N skipped" (the form CI reads), keeping dotnet test's exit code.
# One test assembly at a time: the pty and timing tests share 2 cores badly when assemblies overlap.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log=$(mktemp)
dotnet test --solution ZteDiag.sln --no-ansi --no-progress --max-parallel-test-modules 1 "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | awk '
  /^Test run summary:/ { in_sum = 1 }
  in_sum && $1 == "succeeded:" { p = $2 }
  in_sum && $1 == "failed:"    { f = $2 }
  in_sum && $1 == "skipped:"   { s = $2 }
  END { if (p != "" || f != "") printf "%d passed, %d failed, %d skipped\n", p, f, s; else print "0 passed, 0 failed (no test summary found)" }'
rm -f "$log"
exit "$rc"
