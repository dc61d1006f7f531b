"""The lists of the letter panel written in Python, once per page: the dispositions and
the drafts with their verdicts. The same HTML ``surat/_letter.html`` wrote in its loops;
the template places each list where its loop stood."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from consultations.models import Classification, LetterNature, ReviewDecision, ReviewStage, Urgency
from consultations.views.case_html import body_html, case_url, display, files_html, pk_url, time_html
from core.field_html import e
from core.time import format_wib

from .drafting import DraftState


def label(choices, value) -> str:
    """``get_<field>_display()`` of a choice, without building the choices' dict each time."""
    return str(choices(value).label) if value in choices.values else str(value)


def dispositions_html(dispositions) -> SafeString:
    """Each disposition: from whom to whom, when, the internal target, urgency and
    classification, the ticks and the written instructions."""
    target = e(_("target"))
    items = []
    for item in dispositions:
        due = f" · {target} {e(date_filter(item.target_date, 'j F Y'))}" if item.target_date else ""
        ticks = item.tick_labels
        ticks_html = f'<p class="mb-1">{e(", ".join(ticks))}</p>' if ticks else ""
        instructions = body_html(item.instructions) if item.instructions else ""
        items.append(
            f'<li class="card mb-2"><div class="card-body py-2"><p class="small mb-1"><strong>{e(item.from_user.full_name)}'
            f"</strong> → <strong>{e(item.to_user.full_name)}</strong> · {time_html(item.at)}{due} · "
            f"{e(label(Urgency, item.urgency))} · {e(label(Classification, item.classification))}</p>"
            f"{ticks_html}{instructions}</div></li>"
        )
    return mark_safe(f'<ol class="list-unstyled">{"".join(items)}</ol>')  # noqa: S308 - every value escaped


def _state_label(state: str) -> str:
    return {
        DraftState.AWAITING_LEAD: _("menunggu telaah Ketua Tim"),
        DraftState.AWAITING_DIRECTOR: _("menunggu persetujuan Direktur"),
        DraftState.RETURNED: _("dikembalikan"),
        DraftState.APPROVED: _("disetujui Direktur"),
    }.get(state, "")


def drafts_html(drafts, *, latest, state: str) -> SafeString:
    """The drafts, newest first (the latest open and marked with its state), each with its
    enclosures (``draft.shown_files``) and its verdicts (``draft.reviews``, read with it)."""
    items = []
    enclosures, nature_word, copies_word = e(_("Lampiran surat jawaban")), e(_("Sifat surat")), e(_("Tembusan"))
    for draft in reversed(drafts):
        is_latest = draft == latest
        version = _("Versi %(version)s") % {"version": e(draft.version)}
        kinds = e(", ".join(draft.kind_labels))
        badge = f' · <span class="badge text-bg-info">{e(_state_label(state))}</span>' if is_latest else ""
        files = (f'<h4 class="h6 mt-2">{enclosures}</h4>{files_html(draft.shown_files)}'
                 if draft.shown_files else "")
        reviews = []
        for review in draft.reviews.all():
            notes = f" — {e(review.notes)}" if review.notes else ""
            reviews.append(
                f'<p class="small mb-0 mt-2"><strong>{e(label(ReviewStage, review.stage))}</strong> '
                f"({e(review.reviewer.full_name)}): {e(label(ReviewDecision, review.decision))}{notes}</p>"
            )
            if review.nature:
                copies = f" · {copies_word}: {e('; '.join(review.copies))}" if review.copies else ""
                reviews.append(f'<p class="small mb-0">{nature_word}: {e(label(LetterNature, review.nature))}{copies}</p>')
        items.append(
            f'<article class="card mb-2{" border-primary" if is_latest else ""}" id="konsep-{e(draft.version)}">'
            f'<div class="card-body"><p class="small mb-1"><strong>{version}'
            f"</strong> · {e(draft.author.full_name)} · {time_html(draft.created_at)}{badge}</p>"
            f'<p class="mb-1">{kinds}</p>'
            f"<details{' open' if is_latest else ''}><summary>{e(_('Isi'))}</summary>"
            f'<div class="case-description">{body_html(draft.body)}</div></details>{files}{"".join(reviews)}</div></article>'
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped


def letter_html(case, letter, *, drafting: bool) -> SafeString:
    """The letter's section: addressee, sender, number and date, source, registration,
    scan, receipt by the Director, agenda number."""
    term = '<dt class="col-sm-4">{}</dt><dd class="col-sm-8">{}</dd>'
    sender = e(case.contact_name) + (f" · {e(case.institution_name)}" if case.institution_name else "")
    source = e(display(letter, "source"))
    if letter.eoffice_reference:
        source += f" · {e(_('agenda'))} {e(letter.eoffice_reference)}"
    scan = letter.scan
    received = (f"{e(format_wib(letter.received_at))} · {e(letter.received_by.full_name)}" if letter.received_at
                else e(_("belum")))
    rows = [
        term.format(e(_("Ditujukan kepada")), e(display(letter, "addressee"))),
        term.format(e(_("Pengirim")), f'{sender} <span class="badge text-bg-light border">'
                                      f'{e(display(letter, "sender_kind"))}</span>'),
        term.format(e(_("Nomor dan tanggal surat")), f"{e(letter.letter_number)} · {e(date_filter(letter.letter_date, 'j F Y'))}"),
        term.format(e(_("Masuk melalui")), source),
        term.format(e(_("Didaftarkan")), f"{e(format_wib(letter.registered_at))} · {e(letter.registered_by.full_name)}"),
        term.format(e(_("Pindaian")), f'<a href="{e(pk_url("consultations:attachment", scan.pk))}">{e(scan.original_name)}</a>'
                                      f" ({e(filesizeformat(scan.size))})"),
        term.format(e(_("Diterima Direktur")), received),
    ]
    if letter.agenda_number:
        rows.append(term.format(e(_("Nomor agenda")), e(letter.agenda_number)))
    heading = _("Surat masuk") if drafting else _("Surat undangan rapat")
    return mark_safe(  # noqa: S308 - every value escaped
        f'<section class="mb-4" id="surat" aria-labelledby="judul-surat"><h2 class="h4" id="judul-surat">{e(heading)}'
        f'</h2><div class="card"><div class="card-body"><dl class="row mb-0">{"".join(rows)}</dl></div></div></section>'
    )


def requirements_html(letter, requirements) -> SafeString:
    """The checklist as the secretariat ticked it, and who checked it when."""
    met_words, unmet_words = e(_("Terpenuhi")), e(_("Belum terpenuhi"))
    items = []
    for item, met in requirements:
        mark = (f'<span class="text-success" aria-hidden="true">✔</span> <span class="visually-hidden">{met_words}:</span>'
                if met else
                f'<span class="text-danger" aria-hidden="true">✘</span> <span class="visually-hidden">{unmet_words}:</span>')
        items.append(f"<li>{mark} {e(item.label)}</li>")
    checked = _("Diperiksa %(at)s oleh %(name)s.") % {
        "at": e(format_wib(letter.checked_at)), "name": e(letter.checked_by.full_name if letter.checked_by_id else "")}
    return mark_safe(  # noqa: S308 - every value escaped
        f'<ul class="list-unstyled">{"".join(items)}</ul><p class="small text-body-secondary">{checked}</p>'
    )


def answer_letter_html(case, issued) -> SafeString:
    """The issued answer letter: number, when, who signed, the PDF, its hash and code."""
    said = _("Surat jawaban %(number)s diterbitkan %(at)s, ditandatangani %(name)s.") % {
        "number": e(issued.number), "at": e(format_wib(issued.issued_at)), "name": e(issued.signer_name)}
    return mark_safe(  # noqa: S308 - every value escaped
        f'<div class="alert alert-success">{said} <a class="alert-link" '
        f'href="{e(case_url("consultations:answer_letter", case.number))}" id="unduh-surat-jawaban">{e(_("Unduh PDF"))}'
        f'</a><br><span class="small">SHA-256: <code>{e(issued.sha256)}</code> · {e(_("kode verifikasi"))} '
        f"<code>{e(issued.verification_code)}</code></span></div>"
    )
