#!/usr/bin/env bash
# Tests of the real `ztediag tui --demo` in a real terminal (tmux, 100x30): types into every dialog
# (Backup, Go to, Download, Upload, Verify, Restore, Identifier swap), checks from the captured screen
# that the typed text and the cursor are shown, that a mangled name is refused, that Enter presses the
# marked button (►No◄ on write/delete questions, ►OK◄ elsewhere), that the root listing shows
# CD_STARTUP_FLAG and ZTEMODEM.iso whole, that Ctrl+N from the file list opens the NV viewer (which reads NV 550 by name, masked), that Alt+1 in
# the AT console sends ATI with the IMEI masked, and that the
# checklist prompt marks what Enter does, and that all five built-in checklists (disable-cd-emulation,
# MTS->Globe, Globe->MTS voice, leave download mode after AT+ZCDRUN=E from the AT console, restore of this
# run's first backup) run to completion on the demo with the Demo keys, each with the modem's state checked
# after it (flags in the file list, Verify of the restored archive). Every wait polls the captured screen for the expected text,
# bounded; nothing sleeps a fixed time before looking. Fails (exit 1) with the screen on the first miss.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
command -v tmux >/dev/null 2>&1 || { echo "tui-tests: tmux is not installed (apt-get install -y tmux)"; exit 1; }
[ "${TUI_TESTS_NO_BUILD:-}" = 1 ] || dotnet build src/ZteDiag.Cli -v q -nologo >/dev/null || { echo "tui-tests: build failed"; exit 1; }
session="ztediag-tuitests-$$"
work=$(mktemp -d)
trap 'tmux kill-session -t "$session" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/cwd"
printf 'hello from the bench\n' > "$work/cwd/up.txt"
printf 'MF627 PCUI test\n' > "$work/cwd/pcui.vn"
dll="$PWD/src/ZteDiag.Cli/bin/Debug/net10.0/ztediag.dll"
# HOME and the state directory are the test's: backups (~/ztediag-backups) and checklist runs stay in $work
tmux new-session -d -s "$session" -x 100 -y 30 -c "$work/cwd" \
  "HOME='$work/home' XDG_STATE_HOME='$work/state' dotnet '$dll' tui --demo; echo ZTEDIAG-EXIT=\$?; sleep 600"
checks=0
capture() { tmux capture-pane -t "$session" -p; }
fail() {
  echo "tui-tests: FAILED: $1. Screen:"
  capture
  exit 1
}
# expect TEXT [SECONDS]: polls the pane until it shows TEXT (fixed string)
expect() {
  local text=$1 limit=${2:-30} end
  end=$((SECONDS + limit))
  checks=$((checks + 1))
  while ((SECONDS <= end)); do
    capture | grep -qF -- "$text" && return 0
    sleep 0.1
  done
  fail "'$text' did not appear within ${limit}s"
}
# expect_re REGEX [SECONDS]: polls the pane until it matches REGEX (extended)
expect_re() {
  local re=$1 limit=${2:-30} end
  end=$((SECONDS + limit))
  checks=$((checks + 1))
  while ((SECONDS <= end)); do
    capture | grep -qE -- "$re" && return 0
    sleep 0.1
  done
  fail "nothing matching '$re' appeared within ${limit}s"
}
# expect_gone TEXT [SECONDS]: polls until the pane no longer shows TEXT (a dialog closed)
expect_gone() {
  local text=$1 limit=${2:-30} end
  end=$((SECONDS + limit))
  checks=$((checks + 1))
  while ((SECONDS <= end)); do
    capture | grep -qF -- "$text" || return 0
    sleep 0.1
  done
  fail "'$text' was still shown after ${limit}s"
}
# expect_cursor_after TEXT: the terminal cursor stands right after TEXT (the field is drawn with its cursor)
expect_cursor_after() {
  local text=$1 end row col line
  end=$((SECONDS + 10))
  checks=$((checks + 1))
  while ((SECONDS <= end)); do
    row=$(tmux display -p -t "$session" '#{cursor_y}')
    col=$(tmux display -p -t "$session" '#{cursor_x}')
    line=$(capture | sed -n "$((row + 1))p")
    # column of the end of TEXT on the cursor's row (characters, not bytes: the frame is UTF-8)
    if python3 - "$line" "$text" "$col" <<'PY'
import sys
line, text, col = sys.argv[1], sys.argv[2], int(sys.argv[3])
i = line.find(text)
sys.exit(0 if i >= 0 and i + len(text) == col else 1)
PY
    then return 0; fi
    sleep 0.1
  done
  fail "the cursor (row $row, column $col) is not right after '$text'"
}
keys() { tmux send-keys -t "$session" "$@"; }
type_text() { tmux send-keys -t "$session" -l -- "$1"; }
clear_field() { local i; for ((i = 0; i < 100; i++)); do keys BSpace; done; }

# --- root listing: names whole at 100 columns, ISO dates ----------------------------------------
expect "/ (9 entries)" 90
expect "CD_STARTUP_FLAG file"
expect "ZTEMODEM.iso    file"
capture | grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' || fail "no ISO date (yyyy-MM-dd HH:mm) in the listing"
capture | grep -qF "35461302*****42" || fail "the device bar does not show the IMEI masked as TAC + last two digits"

# --- Backup: default name, a mangled name refused, the typed name written --------------------------
keys F6
expect "Write the EFS backup to"
expect "~/ztediag-backups/MF627-BD_MTSP673A4V1.0.0B01-"
expect "► OK ◄"
clear_field
type_text "abc"
expect_cursor_after "abc"
keys Enter
expect "end the name with .tar.gz"
expect "┃ abc "
type_text ".tar.gz"
expect "abc.tar.gz"
expect_cursor_after "abc.tar.gz"
keys Enter
expect "Verified: the archive matches its manifest." 180
keys Enter
expect_gone "► OK ◄"
[ -s "$work/cwd/abc.tar.gz" ] || fail "no backup archive abc.tar.gz in the current directory"
# the default name lands in ~/ztediag-backups, which is created
keys F6
expect "Write the EFS backup to"
keys Enter
expect "Verified: the archive matches its manifest." 180
keys Enter
expect_gone "► OK ◄"
ls "$work/home/ztediag-backups/"MF627-*.tar.gz >/dev/null 2>&1 || fail "no default-named backup in ~/ztediag-backups"

# --- Go to ---------------------------------------------------------------------------------------
keys C-g
expect "EFS folder to list"
type_text "nv/item_files"
expect "/nv/item_files"
expect_cursor_after "/nv/item_files"
keys Enter
expect "/nv/item_files ("
keys C-g
expect "EFS folder to list"
clear_field
type_text "/"
keys Enter
expect "/ (9 entries)"

# --- Download (the first entry, brew/): default is the name in the current directory ---------------
keys C-d
expect "Copy /brew to:"
expect "$work/cwd/brew"
type_text "-copy"
expect "brew-copy"
expect_cursor_after "brew-copy"
keys Enter
expect "Downloaded"
keys Enter
expect_gone "► OK ◄"
[ -d "$work/cwd/brew-copy" ] || fail "the download did not create brew-copy"

# --- Upload: the write question marks No, and Enter presses No; moved to Yes, Enter presses Yes ----
keys C-u
expect "Local file to copy into /"
type_text "up.txt"
expect_cursor_after "up.txt"
keys Enter
expect "EFS path to write:"
expect "/up.txt"
keys Enter
expect "on the modem?"
expect "► No ◄"
keys Enter
expect_gone "on the modem?"
keys F5
expect "/ (9 entries)"
keys C-u
expect "Local file to copy into /"
type_text "up.txt"
keys Enter
expect "EFS path to write:"
keys Enter
expect "on the modem?"
keys Right
expect "► Yes ◄"
keys Enter
expect "Uploaded"
keys Enter
expect_gone "► OK ◄"
keys F5
expect "/ (10 entries)"
expect "up.txt"

# --- Verify (Shift+F6) -------------------------------------------------------------------------
keys S-F6
expect "to compare with the modem"
clear_field
type_text "$work/cwd/nothere.tar.gz"
expect_cursor_after "nothere.tar.gz"
keys Enter
expect "No file"
clear_field
type_text "$work/cwd/abc.tar.gz"
expect_cursor_after "abc.tar.gz"
keys Enter
expect "Compared"
keys Enter
expect_gone "► OK ◄"

# --- Restore (Alt+J, R): the plan asks with No marked; Enter leaves the modem alone -------------------
keys M-j
expect "Restore"
keys r
expect "Backup archive (.tar.gz) to restore"
clear_field
type_text "$work/cwd/abc.tar.gz"
expect_cursor_after "abc.tar.gz"
keys Enter
expect "Restore now?" 60
expect "► No ◄"
keys Enter
expect_gone "Restore now?"

# --- Identifier swap (Alt+D, I) --------------------------------------------------------------------
keys M-d
expect "Identifier swap"
keys i
expect "Local file with the new PCUI.VN"
type_text "pcui.vn"
expect_cursor_after "pcui.vn"
keys Enter
expect "Write the new identifier file now?"
expect "► No ◄"
keys Enter
expect_gone "Write the new identifier file now?"

# --- Delete asks with No marked ---------------------------------------------------------------------
keys F8
expect "Delete the folder /brew"
expect "► No ◄"
keys Enter
expect_gone "Delete the folder /brew"
expect "brew/"

# --- F1 lists the keys; Ctrl+N from the file list opens the NV viewer ------------------------------------
keys F1
expect "Ctrl+N NV viewer"
expect "Alt+D I identifier swap"
keys Enter
expect_gone "Ctrl+N NV viewer"
keys C-n
expect "NV viewer"
# the item field starts at 550: Enter reads it, by name and decoded, the IMEI masked
keys Enter
expect "NV_UE_IMEI_I"
expect "IMEI 35461302*****42"
keys Escape
expect "/ (10 entries)"

# --- AT console: Alt+1 presses the first quick button (ATI); the IMEI in the reply is masked ------------
keys F3
expect "Alt+1"
keys M-1
expect "> ATI"
expect "IMEI: 35461302*****42"
keys F2
expect "/ (10 entries)"

# --- Connection: Shift+F3 shows the status (IMEI masked); Alt+U asks a USSD code and shows the answer --
keys S-F3
expect "[Shift+F3 Connection]"
expect "Operator     MTS RUS" 60
expect "IMEI         35461302*****42"
keys M-u
expect "*100#"
keys Enter
expect "Balance: 123.45 RUB" 60
keys Enter
expect_gone "Balance: 123.45 RUB"
keys F2
expect "/ (10 entries)"

# --- Checklist prompt: the marked button is the default and what Enter does -------------------------
keys F4
expect "no saved run" 60
keys F9
expect "► Go ahead ◄" 60
keys Escape
expect "Paused at" 60

# --- Checklists run to completion on the demo, driven as a technician would ------------------------
# walk NAME: answers every question with its first button (Go ahead / Done / OK): when the question
# marks another one (Not now, Skip on a write), Left moves the mark and the script checks it moved
# before Enter; a file question gets FILE typed; before "Take the SIM card out" is confirmed F11 pulls
# the SIM; a wait for an unplug gets F12, the wait for the stick to come back F12 (re-plug) or, after
# an updater step, Shift+F12 and Enter on the suggested profile. Ends when the run reports completion.
walk() {
  local name=$1 file=${2:-} end=$((SECONDS + 300)) screen title last="" acted_wait=""
  checks=$((checks + 1))
  while ((SECONDS <= end)); do
    screen=$(capture)
    if grep -qF "Checklist $name completed" <<<"$screen"; then return 0; fi
    if grep -qE "FAILED at|required step was declined" <<<"$screen"; then fail "checklist $name stopped"; fi
    title=$(grep -o '┥[^┝]*┝' <<<"$screen" | head -1)
    if [[ "$title" == *"Demo: flash"* ]]; then
      keys Enter
    elif [[ "$title" == *"Confirm: "* || "$title" == *"Manual step: "* || "$title" == *"File: "* ]] && [[ "$title" != "$last" ]]; then
      if [[ "$title" == *"SIM card out"* ]] && ! grep -qF "sim out" <<<"$acted_wait"; then
        keys F11; acted_wait="$acted_wait sim out"; sleep 0.5; continue
      fi
      if [[ "$title" == *"File: "* ]]; then type_text "$file"; fi
      if ! grep -qE '⟦► (Go ahead|Done|OK) ◄⟧' <<<"$screen"; then
        keys Left
        local moved=$((SECONDS + 10))
        until capture | grep -qE '⟦► (Go ahead|Done|OK) ◄⟧'; do
          ((SECONDS <= moved)) || fail "Left did not move the mark to the first button of '$title'"
          sleep 0.1
        done
      fi
      keys Enter
      last=$title
    elif grep -qF "Waiting for the modem to be unplugged" <<<"$screen" && [[ "$acted_wait" != *unplug* ]]; then
      keys F12; acted_wait="$acted_wait unplug"
    elif grep -qF "Waiting for the modem to come back" <<<"$screen" && [[ "$acted_wait" == *unplug* ]]; then
      if grep -qF "updater" <<<"$acted_wait"; then keys S-F12; else keys F12; fi
      acted_wait=""
    fi
    # a dialog that closed and reopened for the next step has a new title; the same title again is a new question only after it was gone
    [[ -z "$title" ]] && last=""
    [[ "$title" == *"updater"* ]] && acted_wait="$acted_wait updater"
    sleep 0.2
  done
  fail "checklist $name did not complete within 300s"
}
# the run paused above is disable-cd-emulation's (the first in the list): F9 resumes it
keys F9
walk disable-cd-emulation
# MTS -> Globe (option 1): SIM out, the updater flashes the stick to mf626-globe
keys Down
expect "Take the SIM card out"
keys F9
walk mf627-unlock-globe
expect "MF626 BD_P673M3" 30
# the SIM goes back in after the flash, as in the field
keys F11
expect 'sim=in' 30
# Globe -> MTS with voice (option 2) on that same stick: PCUI.VN from a file, flashed to mf627-mts-b02
keys Down
expect "Put the MTS PCUI.VN back"
keys F9
walk mf627-voice-mts "$work/cwd/pcui.vn"
expect "MF627 BD_MTSP673A4V1.0.0B02" 30

# Leave download mode (option 4): a flash can leave the stick in download mode (no NODOWNLOAD.FLG); here the
# AT console puts it there (AT+ZCDRUN=E), the run takes it out, and the file list shows the flag back
keys F3
expect "Alt+1"
type_text "AT+ZCDRUN=E"
expect_cursor_after "AT+ZCDRUN=E"
keys Enter
expect "Send to the modem?"
expect "► No ◄"
keys Right
expect "► Yes ◄"
keys Enter
expect "Enter download mode result(0:FAIL 1:SUCCESS):1" 30
keys F2
keys F5
expect "/ (7 entries)"
capture | grep -qF "NODOWNLOAD.FLG" && fail "NODOWNLOAD.FLG is still listed after AT+ZCDRUN=E"
keys F4
keys Down
expect "Confirm the symptom"
keys F9
walk recover-download-mode
expect "[done     ] AT+ZCDRUN=F"
keys F2
keys F5
expect "/ (8 entries)"
expect "NODOWNLOAD.FLG"

# Restore (option 5) with abc.tar.gz, the first backup of this run: it was taken before the CD emulation
# was switched off, so the modem lacks its CD_STARTUP_FLAG; after the run the flag is back and Verify finds
# nothing of the archive missing or changed on the modem (extra files, like up.txt, a restore leaves alone)
keys S-F6
expect "to compare with the modem"
clear_field
type_text "$work/cwd/abc.tar.gz"
keys Enter
expect "missing /CD_STARTUP_FLAG" 120
keys Enter
expect_gone "► OK ◄"
expect_gone "CD_STARTUP_FLAG"
keys F4
keys Down
expect "Choose the archive"
keys F9
walk restore-from-backup "$work/cwd/abc.tar.gz"
expect "[done     ] Write the backup to the stick"
keys F2
keys F5
expect "/ (10 entries)"
expect "CD_STARTUP_FLAG file"
keys S-F6
expect "to compare with the modem"
clear_field
type_text "$work/cwd/abc.tar.gz"
keys Enter
# the verdict line of the dialog (the log pane's copy of the first Verify is cut before it)
expect_re 'no differences\.|difference\(s\) \([0-9]+ missing' 120
capture | grep -qE "no differences|\(0 missing on the modem, [0-9]+ extra, 0 changed\)" || fail "Verify after the restore still finds the archive's files missing or changed on the modem"
keys Enter
expect_gone "► OK ◄"

keys C-q
expect "ZTEDIAG-EXIT=0" 30
echo "tui-tests: passed ($checks checks)"
