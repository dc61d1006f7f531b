"""``{% load core_panels %}{% panels "staff-case" case=case %}``: the panels other apps
registered for a slot of this page (``core.panels``), rendered where the tag stands."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from core import panels as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, **slot_context) -> SafeString:
    return registry.render(slot, context["request"], **slot_context)
