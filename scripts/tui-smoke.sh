#!/usr/bin/env bash
# Smoke test of the text UI in a real terminal: runs `ztediag tui --demo` inside tmux (80x24),
# browses to /nv/item_files, runs a backup, opens the AT console and sends ATI, capturing the
# pane after each step. Fails (exit 1) with the captured screen when expected text is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
command -v tmux >/dev/null 2>&1 || { echo "tui-smoke: tmux is not installed (apt-get install -y tmux)"; exit 1; }
dotnet build src/ZteDiag.Cli -v q -nologo >/dev/null || { echo "tui-smoke: build failed"; exit 1; }
session="ztediag-smoke-$$"
work=$(mktemp -d)
trap 'tmux kill-session -t "$session" 2>/dev/null; rm -rf "$work"' EXIT
dll="$PWD/src/ZteDiag.Cli/bin/Debug/net10.0/ztediag.dll"
tmux new-session -d -s "$session" -x 80 -y 24 -c "$work" \
  "HOME='$work' XDG_STATE_HOME='$work/state' dotnet '$dll' tui --demo; echo ZTEDIAG-EXIT=\$?; sleep 30"
step=0
capture() { tmux capture-pane -t "$session" -p; }
# expect TEXT [SECONDS]: waits until the pane shows TEXT
expect() {
  local text=$1 limit=${2:-20} i
  step=$((step + 1))
  for ((i = 0; i < limit * 10; i++)); do
    if capture | grep -qF -- "$text"; then
      echo "--- step $step: found '$text'"
      capture
      return 0
    fi
    sleep 0.1
  done
  echo "tui-smoke: FAILED at step $step: '$text' did not appear within ${limit}s. Screen:"
  capture
  exit 1
}
# gone TEXT [SECONDS]: waits until the pane no longer shows TEXT (a dialog closed), so the next key reaches the window
gone() {
  local text=$1 limit=${2:-20} i
  step=$((step + 1))
  for ((i = 0; i < limit * 10; i++)); do
    if ! capture | grep -qF -- "$text"; then
      echo "--- step $step: gone '$text'"
      return 0
    fi
    sleep 0.1
  done
  echo "tui-smoke: FAILED at step $step: '$text' still shown after ${limit}s. Screen:"
  capture
  exit 1
}
keys() { tmux send-keys -t "$session" "$@"; }

expect "entries)" 60                 # root listing done
keys n; keys Enter
expect "/nv ("
keys i; keys Enter
expect "/nv/item_files ("
expect "modem/"
keys F6
expect "Write the EFS backup to"
keys Enter
expect "Verified: the archive matches its manifest." 120
keys Enter
gone "Verified: the archive matches its manifest."
ls "$work"/ztediag-backups/*.tar.gz >/dev/null 2>&1 || { echo "tui-smoke: no backup archive in ~/ztediag-backups"; exit 1; }
keys F3
expect "[F3 AT console]"
keys -l ATI; keys Enter
expect "> ATI"
expect "OK"
keys C-q
expect "ZTEDIAG-EXIT=0"
echo "tui-smoke: passed ($step steps)"
