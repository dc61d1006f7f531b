"""E-mails are named templates: ``emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html``, rendered from the row's context snapshot with the recipient's language
active and times in WIB. The HTML body relies on Django's autoescaping for everything a
user wrote.

The snapshot is JSON. Generic conventions bring it back to what templates want: keys
ending in ``_at`` are datetimes; a key ``name_en`` is ``name``'s English version, used
when the recipient reads English. What only a desk knows (the labels of its enums, say)
it adds itself, through a reviver registered for its templates
(:func:`register_context`) and run with the recipient's language active.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from core.time import WIB

Reviver = Callable[[dict[str, Any]], dict[str, Any]]
_revivers: dict[str, Reviver] = {}


def register_context(templates: Iterable[str], reviver: Reviver) -> None:
    """Let a desk add to the context of its templates at render time: ``reviver`` gets
    the revived snapshot (a copy) and returns the context, in the recipient's language."""
    for template in templates:
        _revivers[template] = reviver


def _revive(context: dict[str, Any], language: str) -> dict[str, Any]:
    """JSON back to what templates want: datetimes, the recipient's language's names."""
    ctx = dict(context)
    for key, value in context.items():
        if key.endswith("_at") and isinstance(value, str):
            ctx[key] = parse_datetime(value)
        if key.endswith("_en"):
            base = key[: -len("_en")]
            if language == "en" and value:
                ctx[base] = value
            ctx.pop(key, None)
    return ctx


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of a named e-mail, in ``language``, times in WIB."""
    with translation.override(language), timezone.override(WIB):
        ctx = _revive(context, language)
        reviver = _revivers.get(template)
        if reviver is not None:
            ctx = reviver(ctx)
        ctx |= {
            "site_url": settings.SITE_URL,
            "office_name": str(settings.ADVOKASI_OFFICE_NAME),
        }
        subject = render_to_string(f"emails/{template}-subject.txt", ctx)
        text = render_to_string(f"emails/{template}-body.txt", ctx)
        html = render_to_string(f"emails/{template}-body.html", ctx)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = prefix + " ".join(subject.split())
    return subject, text, html
