from django import forms
from django.test.html import parse_html

from reflex.widgets import QuickSelect

CHOICES = [("", "Tous"), (1, "Anaïs <Martin>"), (2, 'Karim "Ben" Ali'), ("Groupe", [(3, "Léa"), (4, "Noé")])]


def rendered(widget_class, value):
    widget = widget_class(attrs={"class": "form-select"}, choices=CHOICES)
    return parse_html(widget.render("referent", value, attrs={"id": "id_referent"}))


def test_the_quick_select_renders_what_djangos_select_renders():
    for value in ["", 2, "2", 4, None, "999"]:
        assert rendered(QuickSelect, value) == rendered(forms.Select, value), value


def test_the_quick_select_escapes_labels():
    html = QuickSelect(choices=[(1, "<script>alert(1)</script>")]).render("x", None)
    assert "<script>" not in html and "&lt;script&gt;" in html
