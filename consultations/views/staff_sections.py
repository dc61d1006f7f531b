"""The sections of the staff case page (``staff/detail.html``) written in Python once per
page: the heading with the failed-e-mail warnings, what came in, the internal notes with
their form, and the side column's handling, applicant and details cards and history.

The same HTML the template wrote; the template keeps the page's frame, the channel's
panel, the deadline summary and the panels of the floors above. Every value goes through
:func:`core.field_html.e`; the words are the template's msgids.
"""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.phones import national
from core.field_html import e, field_html, widget_html

from .case_html import body_html, case_facts_html, case_url, csrf_html, display, form_errors_html


@functools.lru_cache(maxsize=8)
def _queue_url(prefix: str) -> str:
    return reverse("consultations:queue")


def top_html(case, failed_emails, *, user) -> SafeString:
    """The breadcrumb, the subject, number, status and assignee, and a warning for each
    answer e-mail the outbox gave up on."""
    assignee = e(case.assignee.full_name) if case.assignee_id else e(_("belum ditugaskan"))
    html = [
        f'<nav aria-label="{e(_("Jejak halaman"))}"><ol class="breadcrumb"><li class="breadcrumb-item">'
        f'<a href="{e(_queue_url(get_script_prefix()))}">{e(_("Antrean Konsultasi"))}</a></li>'
        f'<li class="breadcrumb-item active" aria-current="page">{e(case.number)}</li></ol></nav>'
        f'<h1 class="h2 mb-1">{e(case.subject)}</h1>'
        f'<p class="text-body-secondary mb-4">{e(case.number)} · <span class="badge text-bg-light border">'
        f'{e(case.status_label)}</span> · {e(_("Petugas"))}: {assignee}</p>'
    ]
    call = e(_("Hubungi pemohon melalui telepon atau cara lain bahwa jawabannya sudah tersedia, dan periksa alamat e-mailnya."))
    for email in failed_emails:
        error = Truncator(email.last_error or "—").chars(160)
        warning = _("E-mail jawaban ke pemohon (%(recipient)s) gagal terkirim (%(error)s).") % {
            "recipient": e(email.recipient), "error": e(error)}
        admin = ""
        if getattr(user, "is_staff", False):
            admin = (f'<a href="{e(reverse("admin:notifications_outboundemail_change", args=[email.pk]))}" '
                     f'class="alert-link">{e(_("Lihat dan kirim ulang di admin"))}</a>')
        html.append(
            f'<div class="alert alert-danger" role="alert" id="email-gagal-{email.pk}"><p class="mb-1"><strong>{warning}'
            f'</strong></p><p class="mb-0">{call} {admin}</p></div>'
        )
    return mark_safe("".join(html))  # noqa: S308 - every value escaped


def question_html(case, files_html) -> SafeString:
    """What came in: the category, the text and the applicant's files."""
    spec = case.channel_spec
    files = f'<h3 class="h6 mt-3">{e(spec.files_heading)}</h3>{files_html}' if files_html else ""
    category = e(case.category.localized_name) if case.category_id else ""
    return mark_safe(  # noqa: S308 - every value escaped
        f'<section class="mb-4" aria-labelledby="judul-pertanyaan"><h2 class="h4" id="judul-pertanyaan">'
        f'{e(spec.question_heading)}</h2><div class="card"><div class="card-body">'
        f'<p class="small text-body-secondary mb-2">{category}</p>'
        f'<div class="case-description">{body_html(case.description)}</div>{files}</div></div></section>'
    )


def notes_html(request, case, notes_list_html, form, dropped) -> SafeString:
    """The internal notes and, for whoever may add one, the note form."""
    html = [
        f'<section class="mb-4 internal-notes" id="catatan" aria-labelledby="judul-catatan"><h2 class="h4" '
        f'id="judul-catatan">{e(_("Catatan internal"))} <span class="badge text-bg-secondary fs-6 align-middle">'
        f'{e(_("hanya pegawai"))}</span></h2>{notes_list_html}'
    ]
    if form:
        html.append(
            f'{form_errors_html(form, dropped)}<form method="post" action="{e(case_url("consultations:note", case.number))}"'
            f' novalidate>{csrf_html(request)}{widget_html(form["form_token"])}{field_html(form["body"])}'
            f'<button type="submit" class="btn btn-outline-secondary">{e(_("Simpan catatan"))}</button></form>'
        )
    html.append("</section>")
    return mark_safe("".join(html))  # noqa: S308 - every value escaped


def handling_html(request, case, *, can_claim: bool, forms: dict, dropped) -> SafeString:
    """The handling card: claim, assign, re-route — those the person may do; empty when none."""
    assign, reroute = forms.get("assign"), forms.get("reroute")
    if not (can_claim or assign or reroute):
        return mark_safe("")
    csrf = csrf_html(request)
    html = [f'<section class="card mb-4" aria-labelledby="judul-penanganan"><div class="card-body">'
            f'<h2 class="h6 card-title" id="judul-penanganan">{e(_("Penanganan"))}</h2>']
    if can_claim:
        html.append(
            f'<form method="post" action="{e(case_url("consultations:claim", case.number))}" class="mb-3">{csrf}'
            f'<button type="submit" class="btn btn-primary">{e(_("Tangani sendiri"))}</button></form>'
        )
    if assign:
        html.append(
            f'{form_errors_html(assign, dropped)}<form method="post" action="{e(case_url("consultations:assign", case.number))}"'
            f' class="mb-3" novalidate>{csrf}{field_html(assign["assignee"])}'
            f'<button type="submit" class="btn btn-outline-primary">{e(_("Tugaskan"))}</button></form>'
        )
    if reroute:
        html.append(
            f'<details{" open" if reroute.is_bound else ""}><summary>{e(_("Alihkan ke direktorat lain"))}</summary>'
            f'<div class="mt-2">{form_errors_html(reroute, dropped)}<form method="post" '
            f'action="{e(case_url("consultations:reroute", case.number))}" novalidate>{csrf}'
            f'{field_html(reroute["directorate"])}{field_html(reroute["reason"])}'
            f'<button type="submit" class="btn btn-outline-danger">{e(_("Alihkan"))}</button></form></div></details>'
        )
    html.append("</div></section>")
    return mark_safe("".join(html))  # noqa: S308 - every value escaped


def applicant_html(request, case, profile, link_form, dropped) -> SafeString:
    """Who the case is for: name, e-mail, phone, the profile's institution type and
    identity document, the language; and the form linking a case without an account."""
    term = '<dt class="col-sm-4">{}</dt><dd class="col-sm-8{}">{}</dd>'
    rows = [term.format(e(_("Nama")), "", e(case.applicant_name))]
    email = case.applicant.email if case.applicant_id else (case.contact_email or "—")
    rows.append(term.format(e(_("E-mail")), " text-break", e(email)))
    if not case.applicant_id and case.contact_phone:
        rows.append(term.format(e(_("Telepon")), "", e(national(case.contact_phone))))
    if profile:
        rows.append(term.format(e(_("Telepon")), "", e(national(profile.phone))))
        rows.append(term.format(e(_("Jenis instansi")), "", e(display(profile, "institution_type"))))
        if profile.id_document_number:
            document = f"{e(display(profile, 'id_document_type'))} {e(profile.masked_id_document_number)}"
            rows.append(term.format(e(_("Tanda pengenal")), "", document))
    rows.append(term.format(e(_("Bahasa")), "", e(display(case, "language"))))
    link = ""
    if link_form:
        note = _(
            "Konsultasi ini diajukan tanpa akun portal. Bila pemohon sudah mendaftar, tautkan konsultasi ke akunnya: "
            "ia dapat mengikutinya di portal, dan kredit prioritas kontak ini pindah ke akunnya."
        )
        link = (
            f'<details class="mt-3"{" open" if link_form.is_bound else ""}><summary>{e(_("Tautkan ke akun pemohon"))}'
            f'</summary><p class="small text-body-secondary mt-2 mb-2">{e(note)}</p>'
            f'{form_errors_html(link_form, dropped)}<form method="post" '
            f'action="{e(case_url("consultations:link_account", case.number))}" novalidate>{csrf_html(request)}'
            f'{field_html(link_form["email"])}<button type="submit" class="btn btn-outline-secondary btn-sm">'
            f'{e(_("Tautkan"))}</button></form></details>'
        )
    return mark_safe(  # noqa: S308 - every value escaped
        f'<section class="card mb-4" aria-labelledby="judul-pemohon"><div class="card-body"><h2 class="h6 card-title" '
        f'id="judul-pemohon">{e(_("Pemohon"))}</h2><dl class="row mb-0">{"".join(rows)}</dl>{link}</div></section>'
    )


def details_html(case) -> SafeString:
    return mark_safe(  # noqa: S308 - every value escaped
        f'<section class="card mb-4" aria-labelledby="judul-rincian"><div class="card-body"><h2 class="h6 card-title" '
        f'id="judul-rincian">{e(_("Rincian"))}</h2>{case_facts_html(case)}</div></section>'
    )


def history_html(timeline_list_html) -> SafeString:
    return mark_safe(  # noqa: S308 - every value escaped
        f'<section class="card" aria-labelledby="judul-riwayat"><div class="card-body"><h2 class="h6 card-title" '
        f'id="judul-riwayat">{e(_("Riwayat"))}</h2>{timeline_list_html}</div></section>'
    )
