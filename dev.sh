#!/usr/bin/env bash
# Set up everything TapHuan needs on a fresh Debian/Ubuntu machine, then run it or test it.
#   bash dev.sh app [taphuan options]   set up, then open the window (embedded SQLite default)
#   bash dev.sh test [pytest options]   set up, then ruff, mypy and the whole test suite
#   bash dev.sh bench                   set up, then print the benchmark figures
#   bash dev.sh i18n                    refresh resources/locale/en.po from the source
#   bash dev.sh dist [--wine]           build the frozen bundle and the Windows installer into
#                                       dist/, smoke-test them (--wine: install under Wine too)
#   bash dev.sh setup                   only set up
set -euo pipefail
cd "$(dirname "$0")"

VENV=${TAPHUAN_VENV:-.venv}
PY=${PYTHON:-python3}

# Qt's xcb and offscreen platforms load these at run time; pip cannot install them.
SYSTEM_PACKAGES=(
  libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
  libx11-xcb1 libxrender1 libxi6
)
# The tests also start a throw-away PostgreSQL server (tests/pg.py) and compile the Windows
# installer script against a stand-in payload (makensis, Debian's nsis).
TEST_PACKAGES=(postgresql nsis libreoffice-calc-nogui)
# dev.sh dist: makensis for the installer, Xvfb for the frozen window's smoke test.
DIST_PACKAGES=(nsis xvfb xauth)

system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: nothing we can do here
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: cần cài các gói hệ thống: sudo apt-get install ${missing[*]}" >&2
    return 0
  fi
  echo "dev.sh: cài gói hệ thống: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_packages() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  # Reinstall only when pyproject.toml changed since the last successful install.
  local stamp="$VENV/.taphuan-installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

setup() {
  system_packages "${SYSTEM_PACKAGES[@]}" "$@"
  python_packages
}

run_tests() {
  export QT_QPA_PLATFORM=offscreen
  local bin="$VENV/bin"
  echo "== ruff" >&2
  "$bin/ruff" check .
  "$bin/ruff" format --check .
  echo "== mypy" >&2
  "$bin/mypy"
  echo "== pytest" >&2
  # -p no:cacheprovider: a fresh clone leaves no cache behind; exit 5 (nothing collected) fails.
  "$bin/python" -m pytest -p no:cacheprovider "$@"
}

# Babel extracts _() and N_() calls plus the labels of Field(...) and column descriptions.
i18n() {
  local pot=resources/locale/taphuan.pot
  local po=resources/locale/en.po
  "$VENV/bin/pybabel" -q extract --no-location --sort-output --no-wrap --project TapHuan \
    -k _ -k N_ -k ngettext:1,2 -k Field:2 -k Column:1 -k PeopleColumn:2 --ignore-dirs ".* ._ migrations" -o "$pot" desktop models printing
  if [ -f "$po" ]; then
    "$VENV/bin/pybabel" -q update --no-fuzzy-matching --no-wrap -i "$pot" -o "$po" -l en
  else
    "$VENV/bin/pybabel" -q init --no-wrap -i "$pot" -o "$po" -l en
  fi
  rm -f "$pot"
  echo "resources/locale/en.po: translate the entries with an empty msgstr" >&2
}

# The frozen bundle (PyInstaller, installer/taphuan.spec) and the per-user NSIS installer.
dist() {
  local wine=0
  [ "${1:-}" = "--wine" ] && wine=1
  local extra=()
  [ $wine = 1 ] && extra=(wine wine64)
  setup "${DIST_PACKAGES[@]}" "${extra[@]}"
  "$VENV/bin/python" -m pip install -q -e ".[dist]"
  local version
  version=$("$VENV/bin/python" -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
  rm -rf build dist/taphuan
  echo "== pyinstaller" >&2
  "$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build installer/taphuan.spec
  local setup_exe="dist/TapHuan-$version-setup.exe"
  echo "== makensis" >&2
  makensis -V2 -DVERSION="$version" -DPAYLOAD="$PWD/dist/taphuan" -DOUTFILE="$PWD/$setup_exe" installer/taphuan.nsi
  echo "== smoke" >&2
  if command -v xvfb-run >/dev/null 2>&1; then
    QT_QPA_PLATFORM=xcb xvfb-run -a "$VENV/bin/python" installer/smoke.py dist/taphuan --installer "$setup_exe"
  else
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" installer/smoke.py dist/taphuan --installer "$setup_exe"
  fi
  if [ $wine = 1 ]; then
    echo "== wine" >&2
    bash installer/wine_check.sh "$setup_exe" "$version"
  fi
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  app) setup; exec "$VENV/bin/taphuan" "$@" ;;
  test) setup "${TEST_PACKAGES[@]}"; run_tests "$@" ;;
  bench) setup; exec "$VENV/bin/python" -m bench "$@" ;;
  setup) setup ;;
  i18n) setup; i18n ;;
  dist) dist "$@" ;;
  *) echo "usage: bash dev.sh app|test|bench|i18n|dist|setup" >&2; exit 2 ;;
esac
