"""Certificate benchmarks (issue 5): /api/v1/verify/<id> under load from wrk against gunicorn,
compared with a trivial view on the same server; and 1,000 certificate PDFs.

    .venv/bin/python bench/verify_bench.py [--rows 20000] [--seconds 15] [--workers 4]

Needs Debian's wrk (`make bench` installs it). A fresh SQLite database in a temporary folder,
or BENCH_DATABASE_URL (disposable: it is migrated and filled). Prints the figures.
"""

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: int, script: str | None = None) -> dict:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "non2xx": int(errors.group(1)) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pdfs", type=int, default=1000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    tmp = tempfile.mkdtemp(prefix="ocop-verify-bench-")
    env = {**os.environ, "OCOP_DATA_DIR": tmp, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 60,
           "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE": "ocop.settings",
           "LOG_LEVEL": "WARNING", "OCOP_RATE_LIMITS": "verify=1000000000/60"}  # wrk is one client: no 429s
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ocop.certificates.models import Certificate
    from ocop.certificates.pdf import certificate_pdf
    from ocop.certificates.facts import certificate_queryset, facts, qr_text
    from ocop.imports.sample import write_sample
    from ocop.imports.service import register_import

    print(f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    path = os.path.join(tmp, "register.xlsx")
    write_sample(path, args.rows)
    started = time.perf_counter()
    report = register_import(data=Path(path).read_bytes(), filename="register.xlsx")
    assert report.ok
    print(f"register of {args.rows} rows imported with their certificates in {time.perf_counter() - started:.1f} s; "
          f"{Certificate.objects.count()} certificates")

    ids = list(Certificate.objects.values_list("public_id", flat=True))
    random.Random(1).shuffle(ids)
    ids_file = os.path.join(tmp, "ids.lua")
    with open(ids_file, "w") as handle:
        handle.write("ids = {" + ",".join(f'"{i}"' for i in ids[:5000]) + "}\n")
        handle.write("math.randomseed(1)\nrequest = function()\n  return wrk.format(nil, '/api/v1/verify/' .. ids[math.random(#ids)])\nend\n")
    connection.close()

    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "ocop.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "--access-logfile", "/dev/null", "--error-logfile", os.path.join(tmp, "gunicorn.log")],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        wrk(base + "/healthz", 3)  # warm the workers
        trivial = wrk(base + "/healthz", args.seconds)
        verify = wrk(base + "/api/v1/verify/x", args.seconds, ids_file)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"gunicorn, {args.workers} sync workers, wrk -t2 -c8, {args.seconds} s each:")
    print(f"  trivial view /healthz: {trivial['rps']:.0f} req/s, p50 {trivial['p50']:.1f} ms, p99 {trivial['p99']:.1f} ms")
    print(f"  /api/v1/verify/<id> over {len(ids)} certificates: {verify['rps']:.0f} req/s, p50 {verify['p50']:.1f} ms, "
          f"p99 {verify['p99']:.1f} ms, non-2xx {verify['non2xx']} (410 for lapsed ones is expected)")
    print(f"  verify / trivial throughput: {100 * verify['rps'] / trivial['rps']:.0f}% (target >= 50%, >= 500 req/s, p99 < 50 ms)")
    logged = __import__("ocop.certificates.models", fromlist=["Verification"]).Verification.objects.count()
    print(f"  verifications logged: {logged}")

    sample = list(certificate_queryset().order_by("pk")[: args.pdfs])
    started = time.perf_counter()
    for certificate in sample:
        certificate_pdf([(facts(certificate), qr_text(certificate))])
    elapsed = time.perf_counter() - started
    print(f"{len(sample)} certificate PDFs (one file each) in {elapsed:.1f} s (target < 60 s)")
    started = time.perf_counter()
    certificate_pdf([(facts(c), qr_text(c)) for c in sample])
    print(f"the same {len(sample)} as one batch PDF in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
