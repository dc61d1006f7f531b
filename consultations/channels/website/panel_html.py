"""The website panel's messages section written in Python once per page: the thread
with the applicant and the staff's message form. The same HTML ``website/_panel.html``
wrote; the template places it after the answers."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from consultations.views.case_html import case_url, csrf_html, dropped_html, form_errors_html, messages_html
from core.field_html import e, field_html, widget_html


def messages_section(request, case, messages, form, dropped) -> SafeString:
    """The messages, oldest first, and the form for a new one (who may post one)."""
    html = [
        f'<section class="mb-4" id="pesan" aria-labelledby="judul-pesan"><h2 class="h4" id="judul-pesan">'
        f'{e(_("Pesan dengan pemohon"))}</h2>{messages_html(messages, staff=True)}'
    ]
    if form:
        html.append(
            f'{form_errors_html(form, dropped)}<form method="post" '
            f'action="{e(case_url("consultations:staff_message", case.number))}" enctype="multipart/form-data" novalidate>'
            f'{csrf_html(request)}{widget_html(form["form_token"])}{field_html(form["body"])}{dropped_html(form, dropped)}'
            f'{field_html(form["files"])}<button type="submit" class="btn btn-outline-primary">'
            f'{e(_("Kirim pesan kepada pemohon"))}</button></form>'
        )
    html.append("</section>")
    return mark_safe("".join(html))  # noqa: S308 - every value escaped
