"""Shared set-up for the benchmark scripts: a disposable database filled with a synthetic register."""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environment(prefix: str) -> str:
    """Settings for a fresh SQLite database in a temporary folder (or BENCH_DATABASE_URL); returns the folder."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    os.environ.update({"OCOP_DATA_DIR": tmp, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 60,
                       "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "0",
                       "DJANGO_SETTINGS_MODULE": "ocop.settings", "LOG_LEVEL": "WARNING"})
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    import django

    django.setup()
    return tmp


def fresh_register(rows: int, tmp: str, *, static: bool = False) -> float:
    """Migrate, write a sample register of `rows` rows and import it; returns the import time in seconds."""
    from django.core.management import call_command

    from ocop.imports.sample import write_sample
    from ocop.imports.service import register_import

    call_command("migrate", verbosity=0)
    if static:
        call_command("collectstatic", verbosity=0, interactive=False)
    path = os.path.join(tmp, "register.xlsx")
    write_sample(path, rows)
    started = time.perf_counter()
    report = register_import(data=Path(path).read_bytes(), filename="register.xlsx")
    assert report.ok, report.errors[:5]
    return time.perf_counter() - started
