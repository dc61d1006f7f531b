"""The letter panel written in Python, once per page: the letter's facts, the checklist,
the dispositions, the drafts with their verdicts, the answer letter and the forms of the
steps the user may take now (:func:`letter_section`). The same HTML ``surat/_letter.html``
wrote with its includes, filters and loops; the template now only places it, putting the
page's ``{% csrf_token %}`` between the parts (the panel is also built for an
online-meeting case's invitation, where the request is not at hand)."""

from __future__ import annotations

from itertools import groupby

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consultations.models import Classification, LetterNature, ReviewDecision, ReviewStage, Urgency
from consultations.views.case_html import (
    body_html,
    case_url,
    dropped_html,
    files_html,
    form_errors_html,
    pk_url,
    time_html,
)
from core.field_html import e, field_html, widget_html
from core.time import format_wib

from .drafting import DraftState

# The panel's words and choice labels in each language, escaped: translated once per
# process instead of on every page (gettext and lazy labels were half the lists' cost).
_WORDS: dict[str, dict[str, str]] = {}
_LABELS: dict[tuple, dict] = {}


@receiver(setting_changed)
def _forget_words(*, setting, **kwargs) -> None:
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _WORDS.clear()
        _LABELS.clear()


def _words() -> dict[str, str]:
    """The panel's words in the active language (escaped; the ``%(…)s`` ones as translated, unescaped)."""
    language = get_language()
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = {
            "target": e(_("target")),
            "lead": e(_("menunggu telaah Ketua Tim")),
            "director": e(_("menunggu persetujuan Direktur")),
            "returned": e(_("dikembalikan")),
            "approved": e(_("disetujui Direktur")),
            "enclosures": e(_("Lampiran surat jawaban")),
            "nature": e(_("Sifat surat")),
            "copies": e(_("Tembusan")),
            "version": _("Versi %(version)s"),
            "body": e(_("Isi")),
            "agenda": e(_("agenda")),
            "not_yet": e(_("belum")),
            "addressee": e(_("Ditujukan kepada")),
            "sender": e(_("Pengirim")),
            "number_date": e(_("Nomor dan tanggal surat")),
            "source": e(_("Masuk melalui")),
            "registered": e(_("Didaftarkan")),
            "scan": e(_("Pindaian")),
            "received": e(_("Diterima Direktur")),
            "agenda_number": e(_("Nomor agenda")),
            "incoming": e(_("Surat masuk")),
            "invitation": e(_("Surat undangan rapat")),
            "met": e(_("Terpenuhi")),
            "unmet": e(_("Belum terpenuhi")),
            "checked": _("Diperiksa %(at)s oleh %(name)s."),
            "issued": _("Surat jawaban %(number)s diterbitkan %(at)s, ditandatangani %(name)s."),
            "download": e(_("Unduh PDF")),
            "code": e(_("kode verifikasi")),
        }
    return words


def _labels(key, pairs) -> dict:
    """``{value: escaped label}`` of a set of choices (``pairs``: value, label) in the active language."""
    key = (key, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {value: e(str(text)) for value, text in pairs()}
    return labels


def label_html(choices, value) -> str:
    """``{{ x.get_<field>_display }}`` of a ``TextChoices`` value, escaped."""
    labels = _labels(choices, lambda: zip(choices.values, choices.labels, strict=True))
    return labels.get(value) or e(value)


def display_html(instance, name: str) -> str:
    """``{{ instance.get_<name>_display }}``, escaped (``case_html.display``, its labels kept)."""
    field = instance._meta.get_field(name)
    labels = _labels((type(instance), name), lambda: field.flatchoices)
    value = getattr(instance, field.attname)
    found = labels.get(value)
    return found if found is not None else e(value)


def label(choices, value) -> str:
    """``get_<field>_display()`` of a choice, without building the choices' dict each time."""
    return str(choices(value).label) if value in choices.values else str(value)


def dispositions_html(dispositions) -> SafeString:
    """Each disposition: from whom to whom, when, the internal target, urgency and
    classification, the ticks and the written instructions."""
    target = _words()["target"]
    items = []
    for item in dispositions:
        due = f" · {target} {e(date_filter(item.target_date, 'j F Y'))}" if item.target_date else ""
        ticks = item.tick_labels
        ticks_html = f'<p class="mb-1">{e(", ".join(ticks))}</p>' if ticks else ""
        instructions = body_html(item.instructions) if item.instructions else ""
        items.append(
            f'<li class="card mb-2"><div class="card-body py-2"><p class="small mb-1"><strong>{e(item.from_user.full_name)}'
            f"</strong> → <strong>{e(item.to_user.full_name)}</strong> · {time_html(item.at)}{due} · "
            f"{label_html(Urgency, item.urgency)} · {label_html(Classification, item.classification)}</p>"
            f"{ticks_html}{instructions}</div></li>"
        )
    return mark_safe(f'<ol class="list-unstyled">{"".join(items)}</ol>')  # noqa: S308 - every value escaped


_STATE_WORDS = {
    DraftState.AWAITING_LEAD: "lead",
    DraftState.AWAITING_DIRECTOR: "director",
    DraftState.RETURNED: "returned",
    DraftState.APPROVED: "approved",
}


def drafts_html(drafts, *, latest, state: str) -> SafeString:
    """The drafts, newest first (the latest open and marked with its state), each with its
    enclosures (``draft.shown_files``) and its verdicts (``draft.shown_reviews``, read with
    it; else ``draft.reviews``)."""
    words = _words()
    items = []
    enclosures, nature_word, copies_word = words["enclosures"], words["nature"], words["copies"]
    state_word = words[_STATE_WORDS[state]] if state in _STATE_WORDS else ""
    for draft in reversed(drafts):
        is_latest = draft == latest
        version = words["version"] % {"version": e(draft.version)}
        kinds = e(", ".join(draft.kind_labels))
        badge = f' · <span class="badge text-bg-info">{state_word}</span>' if is_latest else ""
        files = (f'<h4 class="h6 mt-2">{enclosures}</h4>{files_html(draft.shown_files)}'
                 if draft.shown_files else "")
        reviews = []
        shown = getattr(draft, "shown_reviews", None)
        for review in shown if shown is not None else draft.reviews.all():
            notes = f" — {e(review.notes)}" if review.notes else ""
            reviews.append(
                f'<p class="small mb-0 mt-2"><strong>{label_html(ReviewStage, review.stage)}</strong> '
                f"({e(review.reviewer.full_name)}): {label_html(ReviewDecision, review.decision)}{notes}</p>"
            )
            if review.nature:
                copies = f" · {copies_word}: {e('; '.join(review.copies))}" if review.copies else ""
                reviews.append(f'<p class="small mb-0">{nature_word}: {label_html(LetterNature, review.nature)}{copies}</p>')
        items.append(
            f'<article class="card mb-2{" border-primary" if is_latest else ""}" id="konsep-{e(draft.version)}">'
            f'<div class="card-body"><p class="small mb-1"><strong>{version}'
            f"</strong> · {e(draft.author.full_name)} · {time_html(draft.created_at)}{badge}</p>"
            f'<p class="mb-1">{kinds}</p>'
            f"<details{' open' if is_latest else ''}><summary>{words['body']}</summary>"
            f'<div class="case-description">{body_html(draft.body)}</div></details>{files}{"".join(reviews)}</div></article>'
        )
    return mark_safe("".join(items))  # noqa: S308 - every value escaped


def letter_html(case, letter, *, drafting: bool) -> SafeString:
    """The letter's section: addressee, sender, number and date, source, registration,
    scan, receipt by the Director, agenda number."""
    words = _words()
    term = '<dt class="col-sm-4">{}</dt><dd class="col-sm-8">{}</dd>'
    sender = e(case.contact_name) + (f" · {e(case.institution_name)}" if case.institution_name else "")
    source = display_html(letter, "source")
    if letter.eoffice_reference:
        source += f" · {words['agenda']} {e(letter.eoffice_reference)}"
    scan = letter.scan
    received = (f"{e(format_wib(letter.received_at))} · {e(letter.received_by.full_name)}" if letter.received_at
                else words["not_yet"])
    rows = [
        term.format(words["addressee"], display_html(letter, "addressee")),
        term.format(words["sender"], f'{sender} <span class="badge text-bg-light border">'
                                     f'{display_html(letter, "sender_kind")}</span>'),
        term.format(words["number_date"], f"{e(letter.letter_number)} · {e(date_filter(letter.letter_date, 'j F Y'))}"),
        term.format(words["source"], source),
        term.format(words["registered"], f"{e(format_wib(letter.registered_at))} · {e(letter.registered_by.full_name)}"),
        term.format(words["scan"], f'<a href="{e(pk_url("consultations:attachment", scan.pk))}">{e(scan.original_name)}</a>'
                                   f" ({e(filesizeformat(scan.size))})"),
        term.format(words["received"], received),
    ]
    if letter.agenda_number:
        rows.append(term.format(words["agenda_number"], e(letter.agenda_number)))
    heading = words["incoming"] if drafting else words["invitation"]
    return mark_safe(  # noqa: S308 - every value escaped
        f'<section class="mb-4" id="surat" aria-labelledby="judul-surat"><h2 class="h4" id="judul-surat">{heading}'
        f'</h2><div class="card"><div class="card-body"><dl class="row mb-0">{"".join(rows)}</dl></div></div></section>'
    )


def requirements_html(letter, requirements) -> SafeString:
    """The checklist as the secretariat ticked it, and who checked it when."""
    words = _words()
    met_words, unmet_words = words["met"], words["unmet"]
    items = []
    for item, met in requirements:
        mark = (f'<span class="text-success" aria-hidden="true">✔</span> <span class="visually-hidden">{met_words}:</span>'
                if met else
                f'<span class="text-danger" aria-hidden="true">✘</span> <span class="visually-hidden">{unmet_words}:</span>')
        items.append(f"<li>{mark} {e(item.label)}</li>")
    checked = words["checked"] % {
        "at": e(format_wib(letter.checked_at)), "name": e(letter.checked_by.full_name if letter.checked_by_id else "")}
    return mark_safe(  # noqa: S308 - every value escaped
        f'<ul class="list-unstyled">{"".join(items)}</ul><p class="small text-body-secondary">{checked}</p>'
    )


def answer_letter_html(case, issued) -> SafeString:
    """The issued answer letter: number, when, who signed, the PDF, its hash and code."""
    words = _words()
    said = words["issued"] % {
        "number": e(issued.number), "at": e(format_wib(issued.issued_at)), "name": e(issued.signer_name)}
    return mark_safe(  # noqa: S308 - every value escaped
        f'<div class="alert alert-success">{said} <a class="alert-link" '
        f'href="{e(case_url("consultations:answer_letter", case.number))}" id="unduh-surat-jawaban">{words["download"]}'
        f'</a><br><span class="small">SHA-256: <code>{e(issued.sha256)}</code> · {words["code"]} '
        f"<code>{e(issued.verification_code)}</code></span></div>"
    )


def answer_templates_html(case, templates, *, target: str, field, anchor: str) -> str:
    """``consultations/partials/answer_templates.html``: "Sisipkan" of the directorate's
    answer templates into a draft (``target``: its key, ``field``: its textarea, ``anchor``:
    the form's id); nothing when there are none."""
    if not templates:
        return ""
    url = e(case_url("consultations:answer_template_insert", case.number))
    target = e(target)
    groups = [(category, list(items)) for category, items in groupby(templates, key=lambda t: t.category)]

    def options(items) -> str:
        return "".join(f'<option value="{e(t.pk)}">{e(t.title)}</option>' for t in items)

    if len(groups) > 1:
        choices = "".join(f'<optgroup label="{e(category.localized_name)}">{options(items)}</optgroup>'
                          for category, items in groups)
    else:
        choices = options(templates)
    return (
        f'<div class="answer-templates mb-3" data-answer-templates data-url="{url}" data-target="{target}" '
        f'data-field="{e(field.id_for_label)}"><label class="form-label" for="templat-{target}">'
        f'{e(_("Templat jawaban"))}</label><div class="input-group"><select name="templat" id="templat-{target}" '
        f'class="form-select" aria-describedby="templat-{target}-bantuan"><option value="">{e(_("— Pilih templat —"))}'
        f'</option>{choices}</select><button type="submit" class="btn btn-outline-secondary" name="sasaran" '
        f'value="{target}" formaction="{url}#{e(anchor)}" formnovalidate '
        f'data-failed="{e(_("Templat tidak dapat disisipkan. Muat ulang halaman, lalu coba lagi."))}">'
        f'{e(_("Sisipkan"))}</button></div><div class="form-text" id="templat-{target}-bantuan">'
        f'{e(_("Isi templat dan dasar hukumnya ditambahkan ke teks di bawah; sesuaikan dengan kasus ini sebelum dikirim."))}'
        f'</div><p class="visually-hidden" role="status" aria-live="polite" data-answer-templates-status></p></div>'
    )


def letter_section(case, panel: dict, *, answer_templates=(), dropped=()) -> list[SafeString]:
    """Everything ``surat/_letter.html`` wrote for the ``panel`` (:func:`letter_panel`'s
    dict), as the parts between which each form's ``{% csrf_token %}`` goes: the
    template writes part, token, part, ..., part. ``answer_templates``: the passages
    "Sisipkan" offers into a draft; ``dropped``: the files to choose again after a refused post."""
    letter, forms = panel["letter"], panel["forms"]
    parts: list[str] = []
    html: list[str] = [panel["letter_html"]]

    def form_start(action: str, attrs: str) -> None:
        """A form's opening tag; the token goes right after it."""
        html.append(f'<form method="post" action="{e(action)}"{attrs}>')
        parts.append("".join(html))
        html.clear()

    html.append(f'<section class="mb-4" id="kelengkapan" aria-labelledby="judul-kelengkapan"><h2 class="h4" '
                f'id="judul-kelengkapan">{e(_("Kelengkapan persyaratan"))}</h2>')
    check = forms.get("check")
    if letter.is_checked:
        html.append(panel["requirements_html"])
    elif check:
        html.append(
            f'<div class="card border-primary"><div class="card-body"><p class="small">'
            f'{e(_("Centang setiap persyaratan yang terpenuhi. Surat yang belum lengkap dikembalikan kepada pengirim dengan daftar persyaratan yang kurang, dan batas waktu tidak berjalan."))}'
            f"</p>{form_errors_html(check, dropped)}"
        )
        form_start(case_url("consultations:letter_check", case.number), ' novalidate id="form-periksa"')
        html.append("".join(field_html(field) for field in check))
        html.append(f'<button type="submit" class="btn btn-primary">{e(_("Simpan hasil pemeriksaan"))}</button>'
                    f"</form></div></div>")
    else:
        html.append(f'<p class="text-body-secondary">{e(_("Belum diperiksa oleh Sekretariat Pelayanan."))}</p>')
    if forms.get("receive"):
        form_start(case_url("consultations:letter_receive", case.number), ' class="mt-3" id="form-terima"')
        html.append(
            f'<p class="small">{e(_("Dengan menerima, batas waktu mulai berjalan sejak saat ini:"))} '
            f'{e(case.deadline_rule_label)}</p><button type="submit" class="btn btn-primary">{e(_("Terima surat"))}'
            f"</button></form>"
        )
    html.append("</section>")

    dispositions, dispose = panel["dispositions"], forms.get("dispose")
    if dispositions or dispose:
        html.append(f'<section class="mb-4" id="disposisi" aria-labelledby="judul-disposisi"><h2 class="h4" '
                    f'id="judul-disposisi">{e(_("Disposisi"))}</h2>')
        if dispositions:
            html.append(
                f'{panel["dispositions_html"]}<p><a href="{e(case_url("consultations:disposition_sheet", case.number))}"'
                f' id="unduh-lembar-disposisi">{e(_("Cetak lembar disposisi (PDF)"))}</a></p>'
            )
        if dispose:
            html.append(f'<details{" open" if dispose.is_bound or not dispositions else ""}><summary>'
                        f'{e(_("Disposisikan"))}</summary><div class="mt-2">{form_errors_html(dispose, dropped)}')
            form_start(case_url("consultations:letter_dispose", case.number), ' novalidate id="form-disposisi"')
            html.append("".join(field_html(dispose[name]) for name in
                                ("to", "ticks", "instructions", "target_date", "urgency", "classification")))
            html.append(f'<button type="submit" class="btn btn-outline-primary">{e(_("Kirim disposisi"))}</button>'
                        f"</form></div></details>")
        html.append("</section>")

    if panel["drafting"]:
        latest, drafts, answer_letter = panel["latest"], panel["drafts"], panel["answer_letter"]
        html.append(f'<section class="mb-4" id="jawaban" aria-labelledby="judul-jawaban"><h2 class="h4" '
                    f'id="judul-jawaban">{e(_("Konsep dan surat jawaban"))}</h2>')
        if answer_letter:
            html.append(panel["answer_letter_html"])
        if drafts:
            html.append(panel["drafts_html"])
        elif not answer_letter:
            html.append(f'<p class="text-body-secondary">{e(_("Belum ada konsep jawaban."))}</p>')
        review = forms.get("review")
        if review:
            heading = _("Telaah versi %(version)s") % {"version": e(latest.version)}
            html.append(f'<div class="card border-warning mb-3"><div class="card-body"><h3 class="h6">{heading}</h3>'
                        f"{form_errors_html(review, dropped)}")
            action = reverse("consultations:letter_review", kwargs={"number": case.number, "draft": latest.pk})
            form_start(action, ' novalidate id="form-telaah"')
            html.append(f'{field_html(review["decision"])}{field_html(review["notes"])}')
            if "nature" in review.fields:
                html.append(f'{field_html(review["nature"])}{field_html(review["copies"])}')
            html.append(f'<button type="submit" class="btn btn-primary">{e(_("Simpan telaah"))}</button>'
                        f"</form></div></div>")
        if forms.get("issue"):
            form_start(case_url("consultations:letter_issue", case.number), ' class="mb-3" id="form-terbitkan"')
            html.append(
                f'<p class="small">{e(_("Menerbitkan memberi nomor surat keluar, membuat PDF di atas kop LKPP, menghentikan batas waktu dan mengirim surat kepada pengirim. Surat yang terbit tidak dapat diubah."))}'
                f'</p><button type="submit" class="btn btn-success">{e(_("Terbitkan surat jawaban"))}</button></form>'
            )
        draft = forms.get("draft")
        if draft:
            opened = draft.is_bound or getattr(draft, "inserted", False) or not drafts
            summary = _("Tulis versi baru") if latest else _("Tulis konsep jawaban")
            html.append(f'<details{" open" if opened else ""}><summary>{e(summary)}</summary><div class="mt-2">'
                        f"{form_errors_html(draft, dropped)}")
            form_start(case_url("consultations:letter_draft", case.number),
                       ' enctype="multipart/form-data" novalidate id="form-konsep"')
            html.append(
                f'{widget_html(draft["form_token"])}{field_html(draft["kinds"])}'
                f'{answer_templates_html(case, answer_templates, target="konsep", field=draft["body"], anchor="form-konsep")}'
                f'{field_html(draft["body"])}{dropped_html(draft, dropped)}{field_html(draft["files"])}'
                f'<button type="submit" class="btn btn-outline-primary">{e(_("Simpan konsep"))}</button>'
                f"</form></div></details>"
            )
        html.append("</section>")
    parts.append("".join(html))
    return [mark_safe(part) for part in parts]  # noqa: S308 - every value escaped
