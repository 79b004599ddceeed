#!/usr/bin/env bash
# Browser tests drive Debian's Chromium; install it when missing (needs root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium saknas: kör 'sudo apt-get install -y chromium' och försök igen." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
