#!/usr/bin/env bash
# schemathesis over the whole API (/api/v1/openapi.json) against a live server: gunicorn on loopback, a fresh
# PostgreSQL database with the demo register, DEBUG off. Twice: without a token (the public API, every protected
# operation must answer 401) and with a central officer's token (every operation reachable). Passes only with
# zero 5xx, only documented status codes and bodies that match the schema (checks: schemathesis.toml).
# A few minutes: SCHEMATHESIS_EXAMPLES (default 20) examples per operation, SCHEMATHESIS_MAX_TIME seconds per run.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${SCHEMATHESIS_PORT:-8798}"
DB="${SCHEMATHESIS_DB:-ocop_schemathesis_$$}"
WORK="$(mktemp -d)"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-20}"
MAX_TIME="${SCHEMATHESIS_MAX_TIME:-180}"
export DEBUG=0 SECRET_KEY="st-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" OCOP_DATA_DIR="$WORK/data"
export OCOP_PUBLIC_URL="http://127.0.0.1:$PORT" SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0
export OCOP_REQUIRE_2FA=0 OCOP_DEMO_ADMIN_PASSWORD="st-demo-2026" EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
# the inputs are under test here, not the rate limits (tests/test_rate_limits.py): limits far above the run
export OCOP_RATE_LIMITS="search=1000000/60,verify=1000000/60,export=1000000/60,pdf=1000000/60"
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
TOKEN="$(.venv/bin/ocop api_token admin | tail -n 1)"
.venv/bin/gunicorn ocop.wsgi -w 2 -b "127.0.0.1:$PORT" --timeout 60 > "$WORK/gunicorn.log" 2>&1 & pids+=($!)
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
run() {
  .venv/bin/schemathesis run "http://127.0.0.1:$PORT/api/v1/openapi.json" --no-color --seed "${SCHEMATHESIS_SEED:-26}" \
    --max-examples "$EXAMPLES" --max-time "$MAX_TIME" --request-timeout 30 "$@"
}
status=0
echo "--- without a token"
run || status=1
echo "--- with a central officer's token"
run -H "Authorization: Bearer $TOKEN" || status=1
if [ "$status" -ne 0 ] || grep -q "Internal Server Error" "$WORK/gunicorn.log"; then
  grep -n -A 40 "Internal Server Error\|Traceback" "$WORK/gunicorn.log" | head -n 200
  exit 1
fi
echo "schemathesis over the whole API passed, with and without a token"
