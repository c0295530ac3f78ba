#!/bin/bash
# Serve casedesk with gunicorn on http://127.0.0.1:8000 (CASEDESK_BIND to change it).
# Meanwhile, when the project has `manage.py workflow_timers` (viewflow's one-shot
# command that fires due workflow timers), run it once a minute; it stops with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BIND="${CASEDESK_BIND:-127.0.0.1:8000}"

if "$PY" manage.py help workflow_timers >/dev/null 2>&1; then
    server_shell=$$
    (
        nap=
        trap '[ -n "$nap" ] && kill "$nap" 2>/dev/null; exit 0' TERM
        while kill -0 "$server_shell" 2>/dev/null; do
            "$PY" manage.py workflow_timers >/dev/null || echo "serve: manage.py workflow_timers failed" >&2
            sleep 60 &
            nap=$!
            wait "$nap" || true
        done
    ) &
    timers=$!
    trap 'kill "$timers" 2>/dev/null || true; wait "$timers" 2>/dev/null || true' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    echo "serve: firing workflow timers every minute (manage.py workflow_timers)"
fi

echo "serve: casedesk on http://$BIND/  (Ctrl-C stops it)"
.venv/bin/gunicorn casedesk.wsgi -b "$BIND" --workers 2 --access-logfile -
