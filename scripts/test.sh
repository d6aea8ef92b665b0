#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian's Chromium and nginx) and runs every check.
# Meant for a fresh Debian machine as root; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
# The replica test runs its own nginx on a free loopback port; Debian's package would also start the system
# service on port 80, which policy-rc.d prevents (Docker images ship that file; otherwise it exists only here).
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
# Debian's own Python refuses system-wide pip installs unless told otherwise; other Pythons ignore this.
export PIP_BREAK_SYSTEM_PACKAGES=1
python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt

python3 -m ruff format --check .
python3 -m ruff check .
python3 -m mypy core
python3 -m pytest
