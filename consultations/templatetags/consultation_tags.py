"""What only consultation pages need: links to a case by its number.

Times and deadlines (``wib``, ``iso``, ``{% deadline_badge %}``…) are shared by every
desk and live in ``core_tags``.
"""

from __future__ import annotations

import functools

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

# A case number the ``case`` path converter accepts, to reverse a case URL once per
# URL name and prefix and fill each row's number in (reverse() costs ~75 µs a call).
_NUMBER_PLACEHOLDER = "ADV-0000-000000"


@functools.lru_cache(maxsize=64)
def _case_url_pattern(url_name: str, script_prefix: str) -> str:
    return reverse(url_name, kwargs={"number": _NUMBER_PLACEHOLDER})


@register.filter
def case_url(case, url_name: str) -> str:
    """``{{ case|case_url:"consultations:staff_detail" }}``: a URL that takes only
    the case number, as ``{% url %}`` would give it."""
    return _case_url_pattern(url_name, get_script_prefix()).replace(_NUMBER_PLACEHOLDER, case.number, 1)


def case_url_parts(url_name: str) -> tuple[str, str]:
    """What comes before and after the number in a case URL (``head + number + tail``),
    for a list that writes many of them in Python."""
    head, _placeholder, tail = _case_url_pattern(url_name, get_script_prefix()).partition(_NUMBER_PLACEHOLDER)
    return head, tail
