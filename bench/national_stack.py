"""Helpers of bench/national_verify.py: gunicorn and the worker on loopback, wrk, and the production stack's
verification during a concurrent import."""

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ms(out: str, label: str) -> float:
    m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", out)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(url: str, seconds: int, script: str | None = None, *, headers=(), connections: int = 8) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": _ms(out, "50"),
            "p99": _ms(out, "99"), "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "errors": sum(int(n) for n in errors.groups()) if errors else 0}


def write_ids_script(folder: str, ids: list[str], prefix: str, name: str = "ids.lua") -> str:
    path = os.path.join(folder, name)
    with open(path, "w") as handle:
        handle.write("ids = {" + ",".join(f'"{i}"' for i in ids) + "}\n")
        handle.write(f"math.randomseed(1)\nrequest = function()\n  return wrk.format(nil, '{prefix}' .. ids[math.random(#ids)])\nend\n")
    return path


class Server:
    """gunicorn on a free loopback port, stopped on exit; `access_log` keeps every response's status."""

    def __init__(self, root: Path, env: dict, workers: int, access_log: str | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log = os.path.join(env["OCOP_DATA_DIR"], "gunicorn.log")
        self.command = [str(root / ".venv/bin/gunicorn"), "ocop.wsgi:application", "-b", f"127.0.0.1:{self.port}",
                        "-w", str(workers), "--access-logfile", access_log or "/dev/null", "--error-logfile", log,
                        "--access-logformat", "%(s)s %(r)s"]
        self.root, self.env = root, {**os.environ, **env}  # PATH and the rest of the caller's environment

    def __enter__(self):
        """Started when /healthz answers 200 (a worker that fails to boot stops the benchmark with its log)."""
        self.process = subprocess.Popen(self.command, cwd=self.root, env=self.env)
        for _ in range(600):
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        log = Path(self.env["OCOP_DATA_DIR"]) / "gunicorn.log"
        tail = log.read_text()[-3000:] if log.exists() else ""
        raise RuntimeError(f"gunicorn did not start (exit {self.process.poll()}):\n{tail}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)


def _log_total() -> int:
    from django.db.models import Sum

    from ocop.certificates import verification_log
    from ocop.certificates.models import VerificationCount

    verification_log.flush()
    return VerificationCount.objects.aggregate(n=Sum("count"))["n"] or 0


def _verify_while(process, base: str, script: str) -> list[dict]:
    rounds = []
    while process.poll() is None:
        rounds.append(wrk(base + "/api/v1/verify/x", 5, script))
    return rounds


def during_import(args, env: dict) -> None:
    """Kept in one piece: the stack is started, measured and stopped in order."""
    from django.db import connection

    from ocop.imports.sample import write_sample

    from bench.national_verify import in_force_ids

    if connection.vendor != "postgresql" or "REDIS_URL" not in env:
        print("--during-import needs BENCH_DATABASE_URL (PostgreSQL) and BENCH_REDIS_URL")
        return
    folder = env["OCOP_DATA_DIR"]
    path = os.path.join(folder, "import-20000.xlsx")
    write_sample(path, 20_000, seed=7)
    script = write_ids_script(folder, in_force_ids(), "/api/v1/verify/", name="during.lua")
    before = _log_total()
    access = os.path.join(folder, "access.log")
    Path(access).unlink(missing_ok=True)
    worker = subprocess.Popen([str(ROOT / ".venv/bin/ocop"), "worker", "--interval", "0.5"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "worker.log"), "w"))
    try:
        with Server(ROOT, env, 3, access_log=access) as server:
            wrk(server.base + "/healthz", 3)
            started = time.perf_counter()
            importer = subprocess.Popen([str(ROOT / ".venv/bin/ocop"), "import_register", path], cwd=ROOT, env=env,
                                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "import.log"), "w"))
            rounds = _verify_while(importer, server.base, script)
            took = time.perf_counter() - started
            time.sleep(8)  # the web processes flush every second, the worker every 5 s
    finally:
        worker.terminate()  # it finishes the task in hand (the daily one may take minutes); the counts are in Redis
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    logged = _log_total() - before
    sent = sum(r["requests"] for r in rounds)
    statuses = [line.split(" ", 1)[0] for line in Path(access).read_text().splitlines() if "/api/v1/verify/" in line]
    served_5xx = sum(1 for s in statuses if s.startswith("5"))
    rps = sum(r["rps"] for r in rounds) / max(1, len(rounds))
    print(f"production stack (gunicorn -w 3, PostgreSQL, Redis, worker) during a 20,000-row import "
          f"(exit {importer.returncode}, {took:.0f} s, {len(rounds)} wrk rounds of 5 s):")
    print(f"  /api/v1/verify/<id>: {rps:.0f} req/s, p99 {max(r['p99'] for r in rounds):.1f} ms (worst round), "
          f"median round p99 {sorted(r['p99'] for r in rounds)[len(rounds) // 2]:.1f} ms")
    print(f"  errors: {served_5xx} answers 5xx, {sum(r['errors'] for r in rounds)} socket errors; "
          f"{sum(r['non2xx'] for r in rounds)} non-2xx (410: certificates the import superseded)")
    print(f"  verification log: {len(statuses)} verifications answered (access log), {sent} counted by wrk, "
          f"{logged} written to the log; dropped: {max(0, len(statuses) - logged)}")
