"""Form widgets shared by the apps."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A <select> with the markup of Django's, written directly rather than with one template per option.

    For long lists (a department's staff: over a thousand people), where Django's per-option templates and option
    dictionaries cost tens of milliseconds on every page that shows the field.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, attrs)
        parts = [f'<select name="{escape(name)}"{flatatt(final_attrs)}>']
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                parts.append(f'<optgroup label="{escape(str(option_value))}">')
                parts.extend(self._option(value, label, selected) for value, label in option_label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, option_label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))

    @staticmethod
    def _option(value, label, selected):
        value = "" if value is None else str(value)
        chosen = " selected" if value in selected else ""
        return f'<option value="{escape(value)}"{chosen}>{escape(str(label))}</option>'


class PrebuiltOptionsSelect(QuickSelect):
    """A QuickSelect whose long list of options comes ready-written (`options_html()`, e.g. from the cache), after
    a few `leading` ones (such as "Any"): the list itself is neither iterated nor escaped again on each page.

    `options_html()` returns `<option value="…">…</option>` tags exactly as `QuickSelect` writes them (see
    `option_tags()`), so that the chosen value can be marked in it."""

    def __init__(self, options_html, leading=(), attrs=None):
        super().__init__(attrs)
        self.options_html = options_html
        self.leading = leading

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, attrs)
        options = self.options_html()
        for chosen in selected:
            tag = f'<option value="{escape(chosen)}">'
            options = options.replace(tag, tag[:-1] + " selected>", 1)
        leading = "".join(self._option(value, label, selected) for value, label in self.leading)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final_attrs)}>{leading}{options}</select>')


def option_tags(choices):
    """The `<option>` tags of (value, label) pairs, none selected, as PrebuiltOptionsSelect expects them."""
    return "".join(QuickSelect._option(value, label, ()) for value, label in choices)
