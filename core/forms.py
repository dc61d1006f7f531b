"""What every desk's views share about forms."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form, Select
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def add_domain_errors(form: Form, error: ValidationError) -> None:
    """A service's ValidationError (keyed by the field names the forms share) next to
    the field it is about; anything else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class QuickSelect(Select):
    """Django's ``Select``, rendered in Python instead of one template include per option.

    The same HTML as Django's own template (``tests`` compare the two), for the filter
    bars of the busy staff pages: five selects of a few dozen options cost several
    milliseconds a page through the template engine. Single choice only.
    """

    allow_multiple_selected = False

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            html = format_html_join(
                "", '\n  <option value="{}"{}>{}</option>\n',
                (("" if o["value"] is None else str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options),
            )
            parts.append(format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group, html) if group else html)
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]),
                           mark_safe("".join(parts)))  # noqa: S308 - every part built by format_html


def _attrs(attrs: dict) -> SafeString:
    """As ``django/forms/widgets/attrs.html``: in order, ``True`` as the bare name, ``False`` left out."""
    return format_html_join(
        "", "{}", ((format_html(" {}", k) if v is True else format_html(' {}="{}"', k, str(v)),)
                   for k, v in attrs.items() if v is not False),
    )
