"""The office's certificate list as an .xlsx sheet (the rows of the list page, unpaginated)."""

from django.utils.translation import gettext as _

from ocop.core.exports import Sheet


def office_sheet(certificates) -> Sheet:
    """certificates: the office list's queryset; read in chunks while the workbook is written."""
    headers = [_("Certificate number"), _("Product"), _("Producer"), _("Province"), _("Product group"), _("Stars"),
               _("Decision number"), _("Decision date"), _("Valid until"), _("Status"), _("Revoked on"), _("Reason"),
               _("Verifications")]

    def rows():
        for c in certificates.iterator(chunk_size=2000):
            r = c.recognition
            yield [c.display_id, r.product.name, r.product.producer.name, r.province.short_name,
                   str(r.group_id and r.group), r.stars, r.decision_number, r.decision_date, r.valid_until,
                   str(r.status_label), r.revoked_at, r.revocation_reason, c.scans]

    return Sheet(_("Certificates"), headers, rows(), widths=[15, 36, 32, 14, 26, 6, 18, 12, 12, 12, 12, 30, 10])
