"""The dossiers list as a table."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import django_tables2 as tables

from ocop.core.lists import ListTable


class DossierTable(ListTable):
    product = tables.Column(_("Product"), empty_values=(), attrs={"td": {"class": "lead"}})
    kind = tables.Column(_("Kind of dossier"), empty_values=())
    stars_sought = tables.Column(_("Stars sought"), empty_values=())
    state = tables.Column(_("State"), empty_values=())
    producer = tables.Column(_("Producer"), accessor="producer__name")

    class Meta(ListTable.Meta):
        empty_text = _("No dossiers.")

    def render_product(self, record):
        return format_html('<a href="{}"><b>{}</b></a>', reverse("dossiers:detail", args=[record.pk]), record.product.name)

    def render_kind(self, record):
        return record.get_kind_display()

    def render_stars_sought(self, record):
        return f"{record.stars_sought}★"

    def render_state(self, record):
        if record.due_on:
            return format_html('{}<br><span class="small">{} {}</span>', record.state_label, _("due"),
                               date_format(record.due_on, "d/m/Y"))
        return record.state_label
