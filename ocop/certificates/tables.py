"""The office list of certificates as a table."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import django_tables2 as tables

from ocop.core.lists import ListTable
from ocop.core.templatetags.ocop import stars


class CertificateTable(ListTable):
    number = tables.Column(_("Certificate number"), empty_values=(), attrs={"td": {"class": "lead"}})
    product = tables.Column(_("Product"), empty_values=())
    province = tables.Column(_("Province"), accessor="recognition__province__short_name")
    stars = tables.Column(_("Stars"), empty_values=())
    valid_until = tables.DateColumn("d/m/Y", verbose_name=_("Valid until"), accessor="recognition__valid_until")
    status = tables.Column(_("Status"), empty_values=())
    scans = tables.Column(_("Verifications"))

    class Meta(ListTable.Meta):
        empty_text = _("No certificates.")

    def render_number(self, record):
        return format_html('<a href="{}">{}</a>', reverse("certificates:detail", args=[record.public_id]), record.display_id)

    def render_product(self, record):
        product = record.recognition.product
        return format_html('{}<br><span class="small muted">{}</span>', product.name, product.producer.name)

    def render_stars(self, record):
        return stars(record.recognition.stars)

    def render_status(self, record):
        return format_html('<span class="badge {}">{}</span>', record.recognition.status, record.recognition.status_label)
