#!/usr/bin/env bash
# The production stack on loopback: gunicorn (3 processes), PostgreSQL, Redis as the shared cache, the task
# worker with the daily scheduler; then a smoke test through it (login, an import, a verification, a PDF,
# a media file). Everything is stopped at the end, whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${SMOKE_PORT:-8799}"
DB="ocop_smoke_$$"
WORK="$(mktemp -d)"
export DEBUG=0 SECRET_KEY="smoke-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" REDIS_URL="redis://127.0.0.1:6379/7"
export OCOP_DATA_DIR="$WORK/data" OCOP_PUBLIC_URL="http://127.0.0.1:$PORT"
# loopback has no TLS: secure cookies and the HTTPS redirect are switched off for this test only
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 OCOP_REQUIRE_2FA=0
export OCOP_DEMO_ADMIN_PASSWORD="smoke-demo-2026"
# mail is written to files, so the test can see that the worker sent what the demo queued
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH="$WORK/mail"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $DB" postgres
.venv/bin/ocop migrate --no-input -v 0
.venv/bin/ocop collectstatic --no-input -v 0
.venv/bin/ocop load_demo --quiet
# the deploy check sees the production mail setting (SMTP), not the files this test writes mail to
env -u EMAIL_BACKEND -u EMAIL_FILE_PATH .venv/bin/ocop check --deploy --fail-level ERROR
.venv/bin/gunicorn ocop.wsgi -w 3 -b "127.0.0.1:$PORT" --access-logfile - > "$WORK/gunicorn.log" 2>&1 & pids+=($!)
.venv/bin/ocop worker --interval 0.5 > "$WORK/worker.log" 2>&1 & pids+=($!)
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
.venv/bin/python .ci/smoke.py "http://127.0.0.1:$PORT" || { tail -n 40 "$WORK/gunicorn.log" "$WORK/worker.log"; exit 1; }
echo "production stack smoke test passed"
