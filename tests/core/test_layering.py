"""ocop.core is the lowest layer: its shared modules import no other ocop app."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "ocop" / "core"
SHARED = ["exports.py", "pdf.py", "archives.py", "workdays.py", "text.py", "dates.py", "validators.py"]


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_core_module_imports_nothing_from_other_apps(name):
    tree = ast.parse((CORE / name).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert [m for m in imported if m.startswith("ocop.") and not m.startswith("ocop.core")] == []
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level > 1]
