#!/usr/bin/env bash
# Installs everything the tests need (Python packages and Debian's Chromium) and runs every check.
# Meant for a fresh Debian machine as root; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
# Debian's own Python refuses system-wide pip installs unless told otherwise; other Pythons ignore this.
export PIP_BREAK_SYSTEM_PACKAGES=1
python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt

python3 -m ruff format --check .
python3 -m ruff check .
python3 -m mypy core
python3 -m pytest
