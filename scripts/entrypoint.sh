#!/usr/bin/env sh
# The commands the container runs, in one place: `web`, `worker` or `migrate`.
# `make start`, the Dockerfile and compose.yaml all call this script.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
# Fewer glibc malloc arenas: with threads, the default lets each worker's memory balloon.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# Every command checks the settings first and stops with a message naming what is missing.
"$PYTHON" -c "import sys; from app.settings.loading import main; sys.exit(main())"
case "${1:-web}" in
  migrate) exec "$PYTHON" -m app db upgrade ;;
  web)
    "$PYTHON" -m app db upgrade
    exec "$PYTHON" -m gunicorn -c gunicorn.conf.py "app:create_app()"
    ;;
  worker) exec "$PYTHON" -m app outbox work ;;
  *) echo "Användning: $0 web|worker|migrate" >&2; exit 2 ;;
esac
