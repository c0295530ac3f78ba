#!/bin/bash
# Install the Debian packages casedesk needs, and only those that are missing.
#   scripts/system-packages.sh          what `make run` needs
#   scripts/system-packages.sh --test   the same, plus chromium for the browser tests
# Runs `apt-get update` once, and only when something has to be installed.
set -euo pipefail

wanted=(
    fonts-noto-cjk        # Noto Serif CJK SC, the font of every PDF
    libharfbuzz-subset0   # WeasyPrint subsets fonts with it (~0.1 s a document instead of ~10 s)
    libpango-1.0-0        # WeasyPrint's text layout
    libpangoft2-1.0-0
    poppler-utils         # pdftotext, used by the tests to read the PDFs back
)
if [ "${1:-}" = "--test" ]; then
    wanted+=(chromium)    # Playwright drives /usr/bin/chromium
    wanted+=(redis-server) # the Celery reminder path is tested against a real Redis
fi

# python3 -m venv needs ensurepip, which Debian ships in python3-venv.
if ! command -v python3 >/dev/null 2>&1 \
    || ! python3 -m venv --help >/dev/null 2>&1 \
    || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    wanted+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "system-packages: not a Debian system; make sure these (or their equivalents) are installed:" >&2
    echo "    ${wanted[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$pkg")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "system-packages: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "system-packages: run as root (or install sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
# Another apt-get (unattended upgrades, a second terminal) may hold the lock: wait for it, up to
# 10 minutes, instead of failing at once with exit 100.
wait_for_lock=(-o DPkg::Lock::Timeout=600)
for attempt in 1 2 3; do
    "${sudo[@]}" apt-get "${wait_for_lock[@]}" update && break
    [ "$attempt" -eq 3 ] && exit 1
    echo "system-packages: apt-get update failed (another apt may hold its lists); trying again in 20 s" >&2
    sleep 20
done
"${sudo[@]}" apt-get "${wait_for_lock[@]}" install -y --no-install-recommends "${missing[@]}"
