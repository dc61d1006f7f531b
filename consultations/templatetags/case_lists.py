"""``{% load case_lists %}``: the lists of the case pages written in Python
(``consultations.views.case_html``), for the partials that hold their place:
``{{ files|file_list }}``, ``{{ timeline|timeline_list }}``, ``{{ case|case_facts }}``,
``{% message_list %}`` and ``{% answer_list %}`` (the page's ``records``, ``staff``,
``case``, ``dropped``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from consultations.views.case_html import answers_html, case_facts_html, files_html, messages_html, timeline_html

register = template.Library()

register.filter("file_list", files_html)
register.filter("timeline_list", timeline_html)
register.filter("case_facts", case_facts_html)


@register.simple_tag(takes_context=True)
def message_list(context) -> SafeString:
    """``consultations/partials/messages.html``: the thread; ``staff``: with the authors' names."""
    return messages_html(context["records"].messages, staff=bool(context.get("staff")))


@register.simple_tag(takes_context=True)
def answer_list(context) -> SafeString:
    """``consultations/partials/answers.html``: the answers; ``staff``: who answered, and
    the correction forms the page put on them."""
    return answers_html(context.get("request"), context["case"], context["records"].answers,
                        staff=bool(context.get("staff")), dropped=context.get("dropped") or ())
