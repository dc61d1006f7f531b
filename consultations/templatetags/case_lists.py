"""``{% load case_lists %}``: the lists of a case page written in Python
(``consultations.views.case_html``) where a template still holds a loop's place:
``{{ files|file_list }}`` is ``{% include "consultations/partials/file_list.html" %}``."""

from __future__ import annotations

from django import template

from consultations.views.case_html import files_html

register = template.Library()

register.filter("file_list", files_html)
