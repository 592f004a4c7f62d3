"""Small typed readers for environment variables (secrets may come from `NAME_FILE`)."""

import os
from pathlib import Path


def env(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_rates(name: str, defaults: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Rate limits as `scope=requests/seconds,...` (e.g. "verify=2000/600"), over the defaults."""
    rates = dict(defaults)
    for item in env_list(name):
        scope, _sep, value = item.partition("=")
        count, _sep, seconds = value.partition("/")
        rates[scope.strip()] = (int(count), int(seconds or 60))
    return rates
