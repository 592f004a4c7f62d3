"""Plan targets from a spreadsheet: a row per indicator ("Mã chỉ tiêu" or "Chỉ tiêu", and
"Kế hoạch"); every bad row reported, nothing saved unless all rows are good."""

import io
import zipfile

from django.utils import translation
from openpyxl import load_workbook

from ocop.core.archives import ArchiveRefused, Limits, MiB, check_archive
from ocop.core.text import fold, fold_key

from .indicators import BY_CODE, INDICATORS

TARGETS_LIMITS = Limits(max_entries=200, max_total=20 * MiB)  # a sheet of a few dozen indicators


def parse_targets_workbook(content: bytes) -> tuple[dict, list[tuple[int, str]]]:
    try:
        if zipfile.is_zipfile(io.BytesIO(content)):  # whatever openpyxl could open; the rest it refuses below
            check_archive(content, TARGETS_LIMITS)
    except ArchiveRefused as exc:
        return {}, [(0, str(exc))]
    try:
        ws = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:
        return {}, [(0, "không phải sổ tính Excel (.xlsx) đọc được")]
    by_name = {}
    for language in ("en", "vi"):
        with translation.override(language):
            by_name.update({fold(str(i.name)): i.code for i in INDICATORS})
    by_name.update({fold(i.code): i.code for i in INDICATORS})
    header, targets, problems = None, {}, []
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [c for c in row]
        if header is None:
            keys = [fold_key(str(c or "")) for c in cells]
            code_col = next((i for i, k in enumerate(keys) if k in {"machitieu", "indicatorcode", "code", "ma"}), None)
            name_col = next((i for i, k in enumerate(keys) if k in {"chitieu", "indicator", "ten"}), None)
            value_col = next((i for i, k in enumerate(keys) if k in {"kehoach", "target", "chitieukehoach", "muctieu"}), None)
            if value_col is not None and (code_col is not None or name_col is not None):
                header = (code_col, name_col, value_col)
            continue
        code_col, name_col, value_col = header
        label = cells[code_col] if code_col is not None and code_col < len(cells) and cells[code_col] else (
            cells[name_col] if name_col is not None and name_col < len(cells) else None)
        value = cells[value_col] if value_col < len(cells) else None
        if label in (None, "") and value in (None, ""):
            continue
        code = by_name.get(fold(str(label or "")))
        if code is None:
            problems.append((number, f"chỉ tiêu không xác định: «{label}»"))
            continue
        if code in targets:
            with translation.override("vi"):
                problems.append((number, f"chỉ tiêu «{BY_CODE[code].name}» xuất hiện hai lần"))
            continue
        targets[code] = value
    if header is None:
        problems.append((0, "không tìm thấy dòng tiêu đề có cột «Mã chỉ tiêu» (hoặc «Chỉ tiêu») và «Kế hoạch»"))
    return targets, problems
