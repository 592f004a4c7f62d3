"""The register's table: one row per recognised product, with its latest matching recognition."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

import django_tables2 as tables

from ocop.core.lists import ListTable
from ocop.core.templatetags.ocop import stars


class ProductTable(ListTable):
    product = tables.Column(_("Product"), empty_values=(), attrs={"td": {"class": "lead"}})
    producer = tables.Column(_("Producer"), empty_values=())
    province = tables.Column(_("Province"), empty_values=())
    group = tables.Column(_("Group"), empty_values=())
    stars = tables.Column(_("Stars"), empty_values=(),
                          attrs={"td": {"class": "stars desktop-only", "title": lambda record: f"{record.latest.stars}★"}})
    decision = tables.Column(_("Decision"), empty_values=(), attrs={"td": {"class": "small"}})
    status = tables.Column(_("Status"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = _("No products match.")

    def render_product(self, record):
        return format_html('<a href="{}">{}</a> <span class="phone-only">{}</span>',
                           reverse("producers:product", args=[record.pk]), record.name, stars(record.latest.stars))

    def render_producer(self, record):
        return format_html('<a href="{}">{}</a>', reverse("producers:producer", args=[record.producer_id]),
                           record.producer.name)

    def render_province(self, record):
        legacy = record.latest.legacy_province  # the pre-2025 province, when its name says something more
        if legacy and legacy.short_name != record.producer.province.short_name:
            return format_html('{}<br><span class="muted small">({})</span>', record.producer.province.short_name,
                               legacy.short_name)
        return record.producer.province.short_name

    def render_group(self, record):
        return record.latest.group.display_name

    def render_stars(self, record):
        return stars(record.latest.stars)

    def render_decision(self, record):
        return f"{record.latest.decision_number} · {record.latest.decision_date:%d/%m/%Y}"

    def render_status(self, record):
        return format_html('<span class="badge {}">{}</span>', record.latest.status, record.latest.status_label)
