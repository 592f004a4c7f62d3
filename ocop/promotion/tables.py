"""Buyers' inquiries as a table; the producer answers in the row."""

from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

import django_tables2 as tables

from ocop.core.lists import ListTable


class InquiryTable(ListTable):
    product = tables.Column(_("Product"), empty_values=(), attrs={"td": {"class": "lead"}})
    buyer = tables.Column(_("Buyer"), empty_values=())
    message = tables.Column(_("Message"), empty_values=())
    state = tables.Column(_("State"), empty_values=())
    answer = tables.Column(_("Answer"), empty_values=())

    class Meta(ListTable.Meta):
        empty_text = _("No messages yet.")

    def __init__(self, data, *, request, may_answer: bool, **kwargs):
        super().__init__(data, **kwargs)
        self.request, self.may_answer = request, may_answer

    def render_product(self, record):
        return format_html('{}<br><span class="small muted">{}</span>', record.product.name,
                           date_format(timezone.localtime(record.created_at), "d/m/Y H:i"))

    def render_buyer(self, record):
        return format_html("{}<br><span class=\"small\">{}</span>", record.buyer_name, record.buyer_contact)

    def render_message(self, record):
        return mark_safe(linebreaks(record.message, autoescape=True))  # escaped by linebreaks

    def render_state(self, record):
        return record.get_state_display()

    def render_answer(self, record):
        if record.answer or not self.may_answer:
            return mark_safe(linebreaks(record.answer, autoescape=True)) if record.answer else "–"
        # Written here rather than with a template rendered per row (which would run the context processors, and
        # their queries, once for each message).
        return format_html(
            '<form method="post" class="answer"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="inquiry" value="{}">'
            '<textarea name="answer" rows="3" required aria-label="{}"></textarea>'
            '<p><button>{}</button></p></form>', get_token(self.request), record.pk, _("Answer"), _("Send the answer"))
