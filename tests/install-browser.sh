#!/bin/sh
# Install Debian's Chromium for the browser tests (tests/browser.py drives it
# with playwright). Idempotent and quiet: does nothing when /usr/bin/chromium
# exists. Uses sudo when not run as root.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-browser.sh: need root or sudo to apt-get install chromium" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser.sh: apt-get not found; install Chromium so that /usr/bin/chromium exists" >&2
    exit 1
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
if [ ! -x /usr/bin/chromium ]; then
    echo "install-browser.sh: chromium installed but /usr/bin/chromium is missing" >&2
    exit 1
fi
