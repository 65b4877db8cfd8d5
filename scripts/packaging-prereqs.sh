#!/bin/sh
# Build prerequisites for `npm run dist` on Debian 12 / Ubuntu (run as root, once per build machine).
# - build-essential, python3: better-sqlite3 is compiled for Electron's ABI (node-gyp).
# - libusb-1.0-0-dev, libudev-dev: only if node-hid or usb must be compiled from source (a platform
#   without their prebuilds); the packaged app needs libusb-1.0-0 and libudev1 (the deb depends on them).
# `npm run dist:check` says which step is still missing something.
set -eu
if ! command -v apt-get >/dev/null 2>&1; then
  echo "This script knows apt-get (Debian, Ubuntu). Elsewhere install: a C++17 compiler, make, python3, and the libusb-1.0 and libudev headers." >&2
  exit 1
fi
apt-get update
apt-get install -y --no-install-recommends build-essential python3 libusb-1.0-0-dev libudev-dev
