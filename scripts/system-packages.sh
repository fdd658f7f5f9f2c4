#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages CaseLine needs are installed.
# Usage: scripts/system-packages.sh run|test|bench
# As root, missing packages are installed with apt-get; otherwise we stop and name the command.
set -euo pipefail

runtime=(python3-venv libpulse0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
         libdbus-1-3 fonts-noto-cjk libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1)
# gnome-keyring + dbus-daemon: a real Secret Service for the bundle's self-test
# xauth: xvfb-run needs it, and it is only a Recommends of xvfb.
# kamailio-presence-modules: the test registrar's presence server (tests/kamailio/kamailio.cfg)
# pgbouncer: docs/central.md's pooling settings tried for real (tests/integration/central)
testing=(sip-tester kamailio kamailio-presence-modules coturn xvfb xauth postgresql-15 pulseaudio
         openssl gnome-keyring dbus-daemon pgbouncer)
bench=(baresip-core)

case "${1:-run}" in
  run) wanted=("${runtime[@]}") ;;
  test) wanted=("${runtime[@]}" "${testing[@]}") ;;
  bench) wanted=("${runtime[@]}" "${testing[@]}" "${bench[@]}") ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install the equivalents of: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
