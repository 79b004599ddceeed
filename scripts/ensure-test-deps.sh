#!/usr/bin/env bash
# What the tests need from Debian, installed when missing (needs root): Chromium for the
# browser tests, and PostgreSQL's server binaries and Redis, which the tests start on their own
# free loopback ports (tests/services.py).
set -euo pipefail

missing=()
if [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium fonts-dejavu-core)
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null \
  && ! command -v postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v redis-server >/dev/null 2>&1; then
  missing+=(redis-server)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Testerna behöver ${missing[*]}: kör 'sudo apt-get install -y ${missing[*]}' och försök igen." >&2
  exit 1
fi
echo "Installerar ${missing[*]} för testerna …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
