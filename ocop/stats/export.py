"""The filtered register as an .xlsx sheet, with the same columns the import accepts."""

from django.utils.translation import gettext as _

from ocop.accounts.access import may_see
from ocop.core.exports import Sheet
from ocop.producers.models import LegalForm
from ocop.producers.serializers import public_tax_code
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


def register_sheet(f: RegisterFilter, user=None) -> Sheet:
    """One row per recognition, read from the database in chunks while the workbook is written. A household
    business's tax code (its owner's personal number) only for those who may see the producer's details."""
    headers = [
        _("Product name"), _("Producer"), _("Legal form"), _("Tax code"), _("Commune/ward"), _("Province"),
        _("Province at the time"), _("Product group"), _("Stars"), _("Score"), _("Decision number"),
        _("Decision date"), _("Expiry date"), _("Rating level"), _("Criteria version"), _("Status"),
    ]

    def rows():
        for r in register_rows(f).iterator(chunk_size=2000):
            producer = r.product.producer
            yield [
                r.product.name,
                producer.name,
                str(LegalForm(producer.legal_form).label) if producer.legal_form else "",
                producer.tax_code if may_see(user, producer) else (public_tax_code(producer) or ""),
                producer.commune.name if producer.commune else "",
                r.province.short_name,
                r.legacy_province.short_name if r.legacy_province else "",
                r.group.display_name,
                r.stars,
                r.score,
                r.decision_number,
                r.decision_date,
                r.valid_until,
                str(r.get_level_display()),
                r.criteria_version.code,
                str(Status(r.current_status).label),
            ]

    return Sheet(_("Register"), headers, rows(),
                 widths=[40, 36, 16, 14, 22, 16, 16, 26, 6, 7, 18, 12, 12, 10, 12, 12])
