#!/usr/bin/env bash
# Run the compiled installer under Wine, as a user without administrator rights would:
#   bash installer/wine_check.sh dist/TapHuan-0.1.0-setup.exe 0.1.0
# The payload is the Linux stand-in, so nothing is started; what is checked is the installer:
# a silent install into a fresh prefix, the files under %LOCALAPPDATA%\Programs\TapHuan, the
# HKCU uninstall key, the shortcuts, an upgrade over an older version, a silent uninstall, and
# the user's data folder still there afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
# One virtual display for every step (Wine wants one even for silent installs).
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1 && [ -z "${WINE_CHECK_XVFB:-}" ]; then
  WINE_CHECK_XVFB=1 exec xvfb-run -a bash "$0" "$@"
fi
setup_exe=$(realpath "$1")
version=$2

export WINEDEBUG=-all
# No menu entries or desktop files in the real home: Wine's integration is switched off and
# HOME points into the throw-away folder.
export WINEDLLOVERRIDES="winemenubuilder.exe=d"
export WINEPREFIX HOME
WINEPREFIX=$(mktemp -d)/prefix
work=$(dirname "$WINEPREFIX")
HOME="$work/home"
mkdir -p "$HOME"
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
run() { "$@"; }
fail() { echo "wine: $*" >&2; exit 1; }
ok() { echo "  ok  $*"; }
# The stand-in payload is the Linux bundle: its programs carry no .exe.
installed() { [ -f "$programs/taphuan.exe" ] || [ -f "$programs/taphuan" ]; }

run wineboot -i >/dev/null 2>&1
wineserver -w
user=$(whoami)
local_app="$WINEPREFIX/drive_c/users/$user/AppData/Local"
programs="$local_app/Programs/TapHuan"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\TapHuan'

# An older version first, so that the real one is an upgrade in place.
older="$work/TapHuan-0.0.1-setup.exe"
makensis -V1 -DVERSION=0.0.1 -DPAYLOAD="$PWD/dist/taphuan" -DOUTFILE="$older" installer/taphuan.nsi
run wine "$older" /S
wineserver -w
installed || fail "0.0.1 not installed in $programs"
run wine reg query "$key" /v DisplayVersion 2>/dev/null | grep -q "0.0.1" || fail "no 0.0.1 key"
ok "older version installed silently (per user, no elevation)"

mkdir -p "$local_app/TapHuan"
echo "dữ liệu của người dùng" > "$local_app/TapHuan/taphuan.sqlite3"

run wine "$setup_exe" /S
wineserver -w
installed && [ -f "$programs/uninstall.exe" ] || fail "files missing in $programs"
[ -d "$programs/_internal" ] || fail "_internal missing"
ok "files under %LOCALAPPDATA%\\Programs\\TapHuan"
run wine reg query "$key" /v DisplayVersion 2>/dev/null | grep -q "$version" \
  || fail "HKCU uninstall key does not say $version"
run wine reg query "$key" /v UninstallString >/dev/null 2>&1 || fail "no UninstallString"
ok "HKCU uninstall key, upgraded in place to $version"
start_menu="$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/TapHuan"
[ -f "$start_menu/TapHuan.lnk" ] || fail "no Start-menu shortcut"
# Wine may link the Windows desktop to the Linux one: test through the link.
[ -e "$WINEPREFIX/drive_c/users/$user/Desktop/TapHuan.lnk" ] || fail "no desktop shortcut"
ok "Start-menu and desktop shortcuts"

# _?= runs the uninstaller in place and waits (otherwise it copies itself and returns).
run wine "$programs/uninstall.exe" /S "_?=C:\\users\\$user\\AppData\\Local\\Programs\\TapHuan"
wineserver -w
! installed || fail "program files left after uninstall"
if run wine reg query "$key" >/dev/null 2>&1; then fail "uninstall key left"; fi
[ -f "$start_menu/TapHuan.lnk" ] && fail "Start-menu shortcut left"
grep -q "dữ liệu của người dùng" "$local_app/TapHuan/taphuan.sqlite3" || fail "data folder lost"
ok "silent uninstall; the user's data folder is still there"
