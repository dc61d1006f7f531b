"""The letter channel's pages: the secretariat's registration and checklist, the
Director's desk (receive, dispose), drafting and review, issuing the answer letter, the
PDFs (disposition sheet, answer letter), the applicant's upload, and the two public
pages a sender without an account uses (tracking by token, verifying a letter).

POST views follow the staff views' pattern (``staff._perform``): look the case up
through the selectors (404), validate a form, call the service, redirect; bad input
comes back as form errors, a case that moved on as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import guessing
from accounts.access import public, roles
from accounts.models import Role
from accounts.roles import CASE_ROLES, LETTER_DESK_ROLES
from consultations import selectors
from consultations.errors import InvalidTransition, SubmissionRateExceeded
from consultations.models import AnswerLetter, Consultation
from consultations.services import rates
from consultations.views import staff
from consultations.views.common import dropped_files, too_many_submissions
from consultations.workflow import Status, Step
from core import once
from core.forms import add_domain_errors
from core.pdf import PdfError, render_pdf

from . import answer_letters, drafting
from . import selectors as letter_selectors
from . import services as letters
from .forms import ChecklistForm, DisposeForm, DraftForm, LetterRegisterForm, LetterUploadForm, ReviewForm
from .letter_panel import disposition_candidates

# --- the desk -------------------------------------------------------------------------------


@roles(LETTER_DESK_ROLES)
def desk(request: HttpRequest) -> HttpResponse:
    """The secretariat: letters and meeting invitations to check, and those returned. A
    Director (and team leads, read-only): those of the directorate waiting for receipt,
    then in hand with their deadlines, and meetings whose report is pending."""
    now = timezone.now()
    context = {"sections": letter_selectors.desk_sections(user=request.user, now=now), "now": now}
    return render(request, "surat/desk.html", context)


# The form fields a letter intake passes to its service, as the form cleaned them (the
# services take typed values and do not check them again).
LETTER_FIELDS = (
    "addressee", "sender_kind", "sender_name", "institution_name", "letter_number", "letter_date", "subject",
    "summary", "contact_email", "contact_phone", "scan",
)


# What a refused upload shows for copying (the scan must be chosen again anyway).
TYPED_TEXTS = ("letter_number", "subject", "summary")


def letter_intake(
    request: HttpRequest, form, *, file, template: str, url, done: str, kind: str, limited: bool = False
) -> HttpResponse:
    """A letter intake page: the form once per token and per content (``once``: the same
    letter — number and subject — sent again by the same person within 30 minutes is the
    case already made), the service's errors next to the fields, everything typed kept;
    the scan must be chosen again (the page names it). ``limited``: an applicant's own
    upload, counted with their website questions (``rates.check_submission_rate``) and
    refused with the website's 429 — before the form is shown, too."""
    token = form.posted_token() if request.method == "POST" else None
    if sent := once.sent_url(request.user, token):
        return once.replayed(request, sent)
    if limited:
        try:
            rates.check_submission_rate(applicant=request.user, now=timezone.now())
        except SubmissionRateExceeded as exc:
            return too_many_submissions(request, exc, form, typed=TYPED_TEXTS)
    if request.method == "POST":
        if form.is_valid():
            try:
                data = form.cleaned_data
                outcome = once.create_once(
                    user=request.user, token=token, create=lambda: file(data), url=url,
                    fingerprint=once.fingerprint(
                        kind, request.user.pk, *(data.get(name) for name in ("sender_name", "letter_number", "subject", "summary"))
                    ),
                )
            except SubmissionRateExceeded as exc:
                return too_many_submissions(request, exc, form, typed=TYPED_TEXTS)
            except ValidationError as exc:
                add_domain_errors(form, exc)
            else:
                if outcome.replayed:
                    return once.replayed_outcome(request, outcome)
                messages.success(request, done)
                return redirect(outcome.url)
    upload = request.FILES.get("scan")
    return render(request, template, {"form": form, "dropped_scan": upload.name if upload else ""})


@roles({Role.FRONT_DESK})
def register(request: HttpRequest) -> HttpResponse:
    """The secretariat registers a paper or e-office letter."""
    form = LetterRegisterForm(request.POST or None, request.FILES or None, directorates=letter_selectors.directorates())
    return letter_intake(
        request,
        form,
        kind="surat",
        file=lambda data: letters.register_letter(
            actor=request.user,
            **{name: data[name] for name in (*LETTER_FIELDS, "source", "eoffice_reference", "directorate", "language")},
        ),
        template="surat/register.html",
        url=lambda case: reverse("consultations:staff_detail", kwargs={"number": case.number}),
        done=_("Surat didaftarkan. Periksa kelengkapannya di bawah ini; pengirim sudah diberi tahu nomor konsultasinya."),
    )


@roles({Role.APPLICANT}, verified_email=True)
def upload(request: HttpRequest) -> HttpResponse:
    """An applicant uploads their signed letter."""
    form = LetterUploadForm(request.POST or None, request.FILES or None)
    return letter_intake(
        request,
        form,
        kind="surat",
        file=lambda data: letters.upload_letter(
            applicant=request.user, language=request.LANGUAGE_CODE, **{name: data[name] for name in LETTER_FIELDS}
        ),
        template="surat/upload.html",
        limited=True,
        url=lambda case: reverse("consultations:detail", kwargs={"number": case.number}),
        done=_(
            "Surat Anda terdaftar. Sekretariat Pelayanan akan memeriksa kelengkapannya; batas waktu 15 hari kerja "
            "dihitung sejak surat diterima Direktur."
        ),
    )


# --- the steps on a letter -------------------------------------------------------------------


def _done(request: HttpRequest, case: Consultation, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("consultations:staff_detail", number=case.number)


def _step(request: HttpRequest, number: str, step: Step, refusal: str):
    case, access = staff._case(request, number)
    access.require(step, refusal)
    return case, access


def _show_again(request, case, access, key, form) -> HttpResponse:
    """The case page with the form's errors and what was typed; files chosen with a
    draft must be chosen again (the page says which)."""
    dropped = dropped_files(request, form) if "files" in form.fields else []
    return staff._case_page(request, case, access, bound={key: form}, dropped=dropped)


def _run(request, case, access, key, form, act) -> HttpResponse:
    """Call the service; its ValidationError goes next to the form's fields (or above
    the panel for a form-less button), a case that moved on is a message."""
    try:
        message = act()
    except ValidationError as exc:
        if form is None:
            for text in exc.messages:
                messages.error(request, text)
            return redirect("consultations:staff_detail", number=case.number)
        add_domain_errors(form, exc)
        return _show_again(request, case, access, key, form)
    except InvalidTransition:
        return staff._stale(request, case)
    return _done(request, case, message)


@roles(CASE_ROLES)
@require_POST
def check(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _step(request, number, Step.CHECK_LETTER, _("Hanya Sekretariat Pelayanan yang memeriksa kelengkapan surat."))
    letter = selectors.letter_of(case)
    form = ChecklistForm(
        request.POST, prefix="periksa", requirements=letter_selectors.letter_requirements(letter),
        directorates=letter_selectors.directorates(),
    )
    if not form.is_valid():
        return _show_again(request, case, access, "check", form)

    def act():
        result = letters.check_letter(
            consultation=case, actor=request.user, ticked=form.ticked(), directorate=form.cleaned_data["directorate"]
        )
        if result.status == Status.RETURNED:
            return _("Surat belum lengkap dan dikembalikan; pengirim diberi tahu persyaratan yang kurang melalui e-mail.")
        return _("Surat lengkap dan diteruskan ke meja Direktur.")

    return _run(request, case, access, "check", form, act)


@roles(CASE_ROLES)
@require_POST
def receive(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _step(request, number, Step.RECEIVE, _("Hanya Direktur direktorat ini yang dapat menerima surat."))

    def act():
        letters.receive_letter(consultation=case, actor=request.user)
        return _("Diterima. Batas waktu berjalan sejak sekarang: %(rule)s") % {"rule": case.deadline_rule_label}

    return _run(request, case, access, "receive", None, act)


@roles(CASE_ROLES)
@require_POST
def dispose(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _step(request, number, Step.DISPOSE, _("Anda tidak berwenang mendisposisikan surat ini."))
    form = DisposeForm(request.POST, prefix="disposisi", candidates=disposition_candidates(request.user, case))
    if not form.is_valid():
        return _show_again(request, case, access, "dispose", form)
    data = form.cleaned_data

    def act():
        letters.dispose(
            consultation=case, actor=request.user, to=data["to"], ticks=data["ticks"],
            instructions=data["instructions"], target_date=data["target_date"],
            urgency=data["urgency"], classification=data["classification"],
        )
        return _("Disposisi kepada %(name)s dicatat; yang bersangkutan diberi tahu.") % {"name": data["to"].full_name}

    return _run(request, case, access, "dispose", form, act)


@roles(CASE_ROLES)
@require_POST
def write_draft(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _step(request, number, Step.WRITE_DRAFT, _("Anda tidak berwenang menyusun jawaban surat ini."))
    form = DraftForm(request.POST, request.FILES, prefix="konsep")
    token = form.posted_token()
    if sent := once.sent_url(request.user, token):
        return once.replayed(request, sent)
    if not form.is_valid():
        return _show_again(request, case, access, "draft", form)
    data = form.cleaned_data

    def act():
        outcome = once.create_once(
            user=request.user, token=token,
            create=lambda: drafting.write_draft(
                consultation=case, author=request.user, kinds=data["kinds"], body=data["body"], files=data["files"]
            ),
            url=lambda draft: reverse("consultations:staff_detail", kwargs={"number": case.number}),
        )
        return _("Konsep jawaban versi %(version)d disimpan dan menunggu telaah.") % {"version": outcome.created.version} \
            if not outcome.replayed else _("Konsep ini sudah disimpan.")

    return _run(request, case, access, "draft", form, act)


@roles(CASE_ROLES)
@require_POST
def review(request: HttpRequest, number: str, draft: int) -> HttpResponse:
    case, access = _step(request, number, Step.REVIEW_DRAFT, _("Anda tidak berwenang menelaah konsep jawaban ini."))
    version = selectors.draft_for(case, pk=draft)
    form = ReviewForm(request.POST, prefix="telaah", director=request.user.role == Role.DIRECTOR)
    if not form.is_valid():
        return _show_again(request, case, access, "review", form)
    data = form.cleaned_data

    def act():
        result = drafting.review_draft(
            draft=version, reviewer=request.user, decision=data["decision"], notes=data["notes"], **form.approval()
        )
        if result.decision == "return":
            return _("Konsep dikembalikan kepada penyusun dengan catatan.")
        return _("Konsep versi %(version)d disetujui.") % {"version": version.version}

    return _run(request, case, access, "review", form, act)


@roles(CASE_ROLES)
@require_POST
def issue(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _step(request, number, Step.ISSUE_ANSWER_LETTER, _("Hanya Direktur direktorat ini yang menerbitkan surat jawaban."))

    def act():
        issued = answer_letters.issue_answer_letter(consultation=case, actor=request.user)
        return _("Surat jawaban %(number)s diterbitkan dan dikirim kepada pengirim melalui e-mail.") % {"number": issued.number}

    return _run(request, case, access, "issue", None, act)


# --- PDFs ---------------------------------------------------------------------------------------


def _pdf_response(content_or_file, filename: str) -> HttpResponse:
    if isinstance(content_or_file, bytes):
        response = HttpResponse(content_or_file, content_type="application/pdf")
    else:
        response = FileResponse(content_or_file, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@roles(CASE_ROLES)
def disposition_sheet(request: HttpRequest, number: str) -> HttpResponse:
    """The "lembar disposisi", printable, rendered on request (it grows with each disposition)."""
    case = selectors.consultation_for(request.user, number=number)
    letter = selectors.letter_of(case)
    try:
        content = render_pdf("disposition-sheet", letter_selectors.disposition_context(case, letter), language=request.LANGUAGE_CODE)
    except PdfError:
        messages.error(request, _("Lembar disposisi gagal dibuat sebagai PDF. Coba lagi sebentar lagi."))
        return redirect("consultations:staff_detail", number=case.number)
    return _pdf_response(content, f"lembar-disposisi-{case.number}.pdf")


@roles(CASE_ROLES | {Role.APPLICANT})
def answer_letter(request: HttpRequest, number: str) -> HttpResponse:
    """The issued answer letter, as stored (never re-rendered): for the applicant who
    sent it and for staff who see the case; 404 for anyone else."""
    case = selectors.consultation_for(request.user, number=number)
    issued = selectors.answer_letter_of(case)
    return _pdf_response(issued.pdf.open("rb"), _letter_filename(issued))


def _letter_filename(issued: AnswerLetter) -> str:
    return "surat-jawaban-" + issued.number.replace("/", "-") + ".pdf"


# --- public: tracking and verification ---------------------------------------------------------


@public
@guessing.guarded
def track(request: HttpRequest, token: str) -> HttpResponse:
    """A sender without an account follows the letter: its number, status and deadline,
    the answer letter once issued. A wrong token is a 404, like a case that does not exist."""
    case = letter_selectors.track(token)
    if case is None:
        raise Http404
    context = {
        "case": case,
        "letter": case.letter,
        "steps": letter_selectors.progress(case),
        "answer_letter": letter_selectors.answer_letter_for(case=case),
        "token": token,
    }
    response = render(request, "surat/track.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@public
@guessing.guarded
def track_answer_letter(request: HttpRequest, token: str) -> HttpResponse:
    case = letter_selectors.track(token)
    if case is None:
        raise Http404
    issued = selectors.answer_letter_of(case)
    return _pdf_response(issued.pdf.open("rb"), _letter_filename(issued))


@public
@guessing.guarded
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding a printed answer letter checks it is genuine: the number, date,
    case number and digest on record for its verification code — nothing about the sender.
    An unknown code (404) counts as a guess (``guessing.guarded``: tracking links and
    walk-in codes share the counter)."""
    issued = letter_selectors.answer_letter_by_code(code=code)
    return render(request, "surat/verify.html", {"issued": issued, "code": code}, status=200 if issued else 404)
