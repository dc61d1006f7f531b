"""The public "how to complain" page (SK 234/2024: complaints, suggestions and input are
followed up within 5 working days): every channel of the standard — the directorates'
telephone extensions, the e-office, a letter to the office's address, SP4N-LAPOR! — the
web form of the complaints desk, and the public monthly counts by kind with the share
followed up on time. The prose is the admin's (``ServiceStandard``); the counts are the
desk's (``complaints.selectors``)."""

from __future__ import annotations

from django.shortcuts import render

from accounts.access import public
from complaints.models import Kind
from complaints.selectors import monthly_counts

from .selectors import service_standard_content

MONTHS_SHOWN = 12


@public
def complaints(request):
    content = service_standard_content()
    return render(request, "pages/complaints.html", {
        "content": content, "standard": content.standard, "directorates": content.directorates,
        "months": monthly_counts(months=MONTHS_SHOWN), "kinds": Kind.choices,
    })
