"""The filtered register as an .xlsx workbook, with the same columns the import accepts."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ocop.producers.models import LegalForm
from ocop.recognitions.models import Status

from ocop.recognitions.filters import RegisterFilter, filtered_recognitions


def register_rows(f: RegisterFilter):
    """Every matching recognition (not only the latest per product): the register as offices keep it."""
    return (
        filtered_recognitions(f)
        .with_status()
        .select_related(
            "product__producer__commune", "product__producer__province", "group", "province", "legacy_province",
            "criteria_version",
        )
        .order_by("province_id", "decision_date", "pk")
    )


def register_workbook(f: RegisterFilter, user=None) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Register"))
    headers = [
        _("Product name"), _("Producer"), _("Legal form"), _("Tax code"), _("Commune/ward"), _("Province"),
        _("Province at the time"), _("Product group"), _("Stars"), _("Score"), _("Decision number"),
        _("Decision date"), _("Expiry date"), _("Rating level"), _("Criteria version"), _("Status"),
    ]
    from openpyxl.cell import WriteOnlyCell

    bold = Font(bold=True)
    header_cells = []
    for title in headers:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header_cells.append(cell)
    for index, width in enumerate([40, 36, 16, 14, 22, 16, 16, 26, 6, 7, 18, 12, 12, 10, 12, 12], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.append(header_cells)
    for r in register_rows(f).iterator(chunk_size=2000):
        producer = r.product.producer
        ws.append([
            r.product.name,
            producer.name,
            str(LegalForm(producer.legal_form).label) if producer.legal_form else "",
            producer.tax_code,
            producer.commune.name if producer.commune else "",
            r.province.short_name,
            r.legacy_province.short_name if r.legacy_province else "",
            r.group.display_name,
            r.stars,
            float(r.score) if r.score is not None else None,
            r.decision_number,
            r.decision_date,
            r.valid_until,
            str(r.get_level_display()),
            r.criteria_version.code,
            str(Status(r.current_status).label),
        ])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
