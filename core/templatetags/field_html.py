"""``{% load field_html %}``: ``{{ form.body|as_field }}`` is ``{{ form.body|as_crispy_field }}``
and ``{{ form.form_token|as_widget }}`` is ``{{ form.form_token }}``, the same HTML written
in Python (``core.field_html``) for the busy pages."""

from __future__ import annotations

from django import template

from core.field_html import field_html, widget_html

register = template.Library()

register.filter("as_field", field_html)
register.filter("as_widget", widget_html)
