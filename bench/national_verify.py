"""Verification and downloads at national scale (issue 17.5-17.6, issue 16): on one register of --rows rows,

- /api/v1/verify/<id> and /v/<id> under wrk against gunicorn (production settings), beside /healthz;
- certificate PDFs generated per second, and a stored PDF's download latency beside a static file's;
- the whole register's .xlsx (open data) generation time, and its stored download's latency;
- with --during-import (needs BENCH_DATABASE_URL on PostgreSQL and BENCH_REDIS_URL): the production stack
  (gunicorn + PostgreSQL + Redis + the task worker) verifying while a 20,000-row import runs, with the errors and
  the verification counts that reached the log.

    .venv/bin/python bench/national_verify.py [--rows 200000] [--seconds 15] [--warm-up 5] [--workers 4] [--during-import]

The register is kept between runs (SQLite: OCOP_BENCH_DIR, default /tmp/ocop-national-<rows>; PostgreSQL:
BENCH_DATABASE_URL, disposable) and reused when it has the rows asked for. Needs Debian's wrk (`make bench`).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.national_stack import Server, wrk, write_ids_script  # noqa: E402


def environment(args) -> dict:
    folder = os.environ.get("OCOP_BENCH_DIR") or f"/tmp/ocop-national-{args.rows}"
    Path(folder).mkdir(parents=True, exist_ok=True)
    env = {"OCOP_DATA_DIR": folder, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 60, "LOG_LEVEL": "WARNING",
           "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "0", "OCOP_REQUIRE_2FA": "0",
           "DJANGO_SETTINGS_MODULE": "ocop.settings", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
           # wrk is one client: the per-client limits would answer 429 after the first seconds
           "OCOP_RATE_LIMITS": "verify=1000000000/60,pdf=1000000000/60,export=1000000000/60,search=1000000000/60"}
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    if os.environ.get("BENCH_REDIS_URL"):  # the shared cache of production (rate limits, verification log)
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    os.environ.update(env)
    import django

    django.setup()
    return env


def register(rows: int, folder: str) -> None:
    """The register of `rows` rows with its certificates and their verification answers (reused when there)."""
    from django.core.management import call_command

    from ocop.certificates.answers import answers_missing
    from ocop.certificates.models import Certificate
    from ocop.imports.sample import write_sample
    from ocop.imports.service import register_import

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    if Certificate.objects.count() < rows * 0.9:
        path = os.path.join(folder, "register.xlsx")
        write_sample(path, rows)
        started = time.perf_counter()
        report = register_import(data=Path(path).read_bytes(), filename="register.xlsx")
        assert report.ok, report.errors[:5]
        print(f"register of {rows} rows imported in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    made = answers_missing()
    print(f"{Certificate.objects.count()} certificates; {made} verification answers computed in "
          f"{time.perf_counter() - started:.1f} s (after a large import the worker does this)")


def in_force_ids(limit: int = 5000) -> list[str]:
    from ocop.certificates.models import Answer

    ids = list(Answer.objects.filter(status="in_force").values_list("public_id", flat=True)[:50000])
    random.Random(1).shuffle(ids)
    return ids[:limit]


def session_cookie(public_id: str) -> str:
    """A logged-in session of the certificate's producer (its PDF is theirs to download)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from ocop.certificates.models import Certificate

    producer = Certificate.objects.select_related("recognition__product").get(public_id=public_id).recognition.product.producer_id
    user, _created = get_user_model().objects.get_or_create(username=f"bench-producer-{producer}",
                                                             defaults={"role": "producer", "producer_id": producer})
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "ocop.accounts.backends.UsernameOrEmailBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash()})
    session.create()
    return f"sessionid={session.session_key}"


def pdf_rate(count: int) -> float:
    """Certificate PDFs made and stored per second (distinct certificates, nothing stored before)."""
    from ocop.certificates.facts import certificate_queryset, facts, printable_qr
    from ocop.certificates.stored import stored_certificate_pdf
    from ocop.core.downloads import downloads

    shutil.rmtree(downloads().path("certificates/pdf"), ignore_errors=True)
    sample = list(certificate_queryset().order_by("?")[:count])
    started = time.perf_counter()
    for certificate in sample:
        data = facts(certificate)
        stored_certificate_pdf(certificate.public_id, data, printable_qr(certificate, data))
    return len(sample) / (time.perf_counter() - started)


def xlsx_seconds() -> float:
    from ocop.catalogue.opendata_files import FORMATS
    from ocop.core.downloads import make_file

    started = time.perf_counter()
    make_file("bench/register.xlsx", FORMATS["xlsx"][1])
    return time.perf_counter() - started


def show(label: str, r: dict, base: dict | None = None) -> None:
    ratio = f", {r['rps'] / base['rps']:.2f}x /healthz" if base and base["rps"] else ""
    print(f"  {label}: {r['rps']:.0f} req/s, p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, non-2xx {r['non2xx']}, "
          f"socket errors {r['errors']}{ratio}")


def serve_figures(args, env: dict) -> None:
    ids = in_force_ids()
    script = write_ids_script(env["OCOP_DATA_DIR"], ids, "/api/v1/verify/")
    page_script = write_ids_script(env["OCOP_DATA_DIR"], ids, "/v/", name="page_ids.lua")
    cookie = session_cookie(ids[0])
    static = "/static/ocop/favicon.ico"
    with Server(ROOT, env, args.workers) as server:
        base = server.base
        wrk(base + "/healthz", 3)
        trivial = wrk(base + "/healthz", args.seconds)
        # warm: each process has read answers (kept in its memo); a process that has not read a certificate's
        # answer yet reads it from the database (on PostgreSQL a round trip: the longer the warm-up, the fewer)
        wrk(base + "/api/v1/verify/x", args.warm_up, script)
        api = wrk(base + "/api/v1/verify/x", args.seconds, script)
        page = wrk(base + "/v/x", args.seconds, page_script)
        pdf_url = f"{base}/certificates/{ids[0]}/pdf/"
        subprocess.run(["curl", "-sf", "-o", "/dev/null", "-H", f"Cookie: {cookie}", pdf_url], check=True)  # made once
        stored = wrk(pdf_url, 5, headers=[f"Cookie: {cookie}"], connections=2)
        static_file = wrk(base + static, 5, connections=2)
        subprocess.run(["curl", "-sf", "-o", "/dev/null", base + "/open-data/register.xlsx"], check=True, timeout=900)
        xlsx = wrk(base + "/open-data/register.xlsx", 5, connections=2)
    print(f"gunicorn ({args.workers} sync workers, production settings), wrk -t2 -c8, {args.seconds} s each "
          f"(verification after {args.warm_up} s of warm-up); {len(ids)} certificates in force, random:")
    show("/healthz (floor)", trivial)
    show("/api/v1/verify/<id>", api, trivial)
    show("/v/<id> (page)", page, trivial)
    print("  targets: verification >= 0.8x /healthz, p99 < 20 ms")
    print("downloads (wrk -c2, 5 s):")
    show("stored certificate PDF (logged in)", stored)
    show(f"static file {static} (floor)", static_file)
    show("stored register .xlsx (open data)", xlsx)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warm-up", type=int, default=5, help="seconds of verification before it is measured")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pdfs", type=int, default=500)
    parser.add_argument("--during-import", action="store_true",
                        help="also the production stack (PostgreSQL, Redis, worker) during a 20,000-row import")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make bench installs it)")
    env = environment(args)
    from django.db import connection

    print(f"database: {connection.vendor}; rows: {args.rows}")
    register(args.rows, env["OCOP_DATA_DIR"])
    print(f"certificate PDFs made and stored: {pdf_rate(args.pdfs):.0f} per second (target >= 50)")
    print(f"register .xlsx (open data, whole country) generated in {xlsx_seconds():.1f} s (target < 10 s)")
    connection.close()
    serve_figures(args, env)
    if args.during_import:
        from bench.national_stack import during_import

        during_import(args, env)


if __name__ == "__main__":
    main()
