"""The form renderer writes a <select> in Python with the markup and escaping of Django's templates."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from ocop.core.renderers import Renderer


def _tags(html: str) -> str:
    """The markup without the whitespace Django's templates put between tags (ignored inside a select)."""
    return re.sub(r">\s+<", "><", html.strip())


WIDGETS = [
    (forms.Select(choices=[("", "Tất cả xã/phường")] + [(f"{i:05d}", f"Phường <Số> & \"{i}\"") for i in range(40)]),
     "00005", {"id": "id_commune", "class": 'a"b', "data-x": "<y>"}),
    (forms.SelectMultiple(choices=[(1, "Một"), (2, "Hai 'hai'")]), [1, 2], {"required": True, "disabled": False}),
    (forms.Select(choices=[("Nhóm <1>", [("1", "x"), ("2", "y")]), ("3", "z")]), "2", None),
    (forms.NullBooleanSelect(), True, None),
    (forms.Select(choices=[("a", mark_safe("<b>đậm</b>")), ("b", "<i>")]), "b", None),
    (forms.Select(choices=[]), None, None),
]


@pytest.mark.parametrize("widget,value,attrs", WIDGETS)
def test_a_select_is_written_as_django_writes_it(widget, value, attrs):
    ours = widget.render("name", value, attrs, renderer=Renderer())
    assert _tags(ours) == _tags(widget.render("name", value, attrs, renderer=DjangoTemplates()))
    options = [option for _group, group, _index in widget.optgroups("name", []) for option in group]
    assert ours.startswith("<select") and ours.count("<option ") == len(options)


def test_the_selected_option_and_escaping_are_kept():
    html = forms.Select(choices=[("96", "Cà Mau"), ("<x>", "A & B")]).render("p", "96", renderer=Renderer())
    assert '<option value="96" selected>Cà Mau</option>' in html
    assert '<option value="&lt;x&gt;">A &amp; B</option>' in html


def test_other_widgets_are_left_to_the_templates():
    html = forms.TextInput().render("q", "nước mắm", renderer=Renderer())
    assert html == forms.TextInput().render("q", "nước mắm", renderer=DjangoTemplates())


def test_the_site_renders_its_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
