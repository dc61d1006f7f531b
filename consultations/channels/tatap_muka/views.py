"""The walk-in channel's pages: the public form beforehand (and its code's QR), the
desk's search and registration, the printable receipt, the live board, and the steps
on a guest (hand-off, accept, more time, advice) from the staff case page."""

from __future__ import annotations

import io
from datetime import timedelta

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import guessing
from accounts.access import public, roles
from accounts.models import Role
from accounts.roles import CASE_ROLES, WALK_IN_BOARD_ROLES
from consultations import selectors
from consultations.channels import Channel, spec
from consultations.errors import InvalidTransition
from consultations.models import VisitForm
from consultations.views import staff
from consultations.views.common import dropped_files
from consultations.workflow import Step
from core import once
from core.forms import add_domain_errors
from core.throttle import Throttled

from . import limits
from . import selectors as walk_in_selectors
from . import services as walk_ins
from .forms import (
    AdviceForm,
    HandOffForm,
    MoreTimeForm,
    PaperVisitRegistrationForm,
    VisitFormForm,
    VisitRegistrationForm,
    VisitSearchForm,
)

AT_RISK = timedelta(minutes=15)


# --- the form beforehand (public) ------------------------------------------------------------


@public
def visit_form(request: HttpRequest) -> HttpResponse:
    """The walk-in form filled beforehand, by anybody. The same question from the same
    address sent again within 30 minutes (the browser's Back, then send) makes no second
    code: this browser is shown the first one; another is told it was received and where
    the code went (the code is the guest's to show). Limited per client address, per
    e-mail address and in attachment bytes (``limits``; 429, nothing kept or mailed)."""
    form = VisitFormForm(request.POST or None, request.FILES or None)
    if request.method != "POST" and (refusal := limits.used_up(request)):
        return limits.refused(request, refusal)  # before they type a form that cannot be sent
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data

            def submit() -> VisitForm:
                # Counted here, not for the same content sent again (create_once answers it first).
                limits.take(request, email=data["email"], files=data["files"])
                return walk_ins.submit_visit_form(
                    **{k: data[k] for k in ("name", "email", "phone", "institution_name", "institution_type",
                                            "category", "question", "files")},
                    language=request.LANGUAGE_CODE,
                )

            try:
                outcome = once.create_once(
                    user=None, token=None, create=submit,
                    url=lambda created: reverse("consultations:visit_done", kwargs={"code": created.code}),
                    fingerprint=once.fingerprint("tatap_muka form", data["email"], data["question"]),
                )
            except Throttled as refusal:
                return limits.refused(request, refusal)
            except ValidationError as exc:
                add_domain_errors(form, exc)
            else:
                if not outcome.replayed:
                    once.remember_sent(request, outcome.url)
                    return redirect(outcome.url)
                if once.was_sent_here(request, outcome.url):
                    return once.replayed_outcome(request, outcome)
                messages.info(request, _(
                    "Formulir dengan isi yang sama sudah kami terima beberapa saat lalu, jadi tidak dibuat dua kali. "
                    "Kode kunjungannya sudah dikirim ke alamat e-mail yang diisikan."
                ))
                return redirect("consultations:visit_form")
    return render(
        request, "tatap_muka/form.html",
        {"form": form, "dropped": dropped_files(request, form) if form.is_bound else []},
    )


def _form_by_code(code: str) -> VisitForm:
    """The form of a visit code; an unknown code is a 404, counted as a guess by the
    pages' ``guessing.guarded``."""
    form = walk_in_selectors.visit_form_by_code(code=code)
    if form is None:
        raise Http404
    return form


@public
@guessing.guarded
def visit_done(request: HttpRequest, code: str) -> HttpResponse:
    """The code on screen with its QR: nothing of the guest's data (the code is enough
    to find them at the desk; whoever holds it sees only the code)."""
    form = _form_by_code(code)
    context = {"code": walk_in_selectors.display_code(form.code), "raw_code": form.code, "expires_at": form.expires_at}
    response = render(request, "tatap_muka/done.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@public
@guessing.guarded
def visit_qr(request: HttpRequest, code: str) -> HttpResponse:
    form = _form_by_code(code)
    buffer = io.BytesIO()
    # A whole SVG document (with its namespace): an <img> shows nothing less.
    # A full QR code, never a Micro QR (which many phone scanners cannot read).
    segno.make_qr(form.code, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=True)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


# --- the desk ------------------------------------------------------------------------------------


@roles({Role.FRONT_DESK})
def register(request: HttpRequest) -> HttpResponse:
    """Find the guest's form by code, name or e-mail; or type a paper form in."""
    search = VisitSearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = walk_in_selectors.find_visit_forms(search.cleaned_data["q"], now=timezone.now())
    return render(
        request, "tatap_muka/search.html",
        {"search": search, "found": found, "searched": bool(search.is_bound and request.GET.get("q"))},
    )


def _registration(request: HttpRequest, form_class, *, visit: VisitForm | None) -> HttpResponse:
    requirements = spec(Channel.TATAP_MUKA).requirements
    form = form_class(request.POST or None, requirements=requirements)
    now = timezone.now()
    if request.method == "POST":
        token = form.posted_token()
        if sent := once.sent_url(request.user, token):
            return once.replayed(request, sent)
        if form.is_valid():
            data = form.cleaned_data
            paper = None
            if visit is None:
                paper = {k: data[k] for k in ("name", "email", "phone", "institution_name", "institution_type",
                                             "category", "question")} | {"language": request.LANGUAGE_CODE}
            try:
                outcome = once.create_once(
                    user=request.user,
                    token=token,
                    create=lambda: walk_ins.register_visit(
                        actor=request.user, form=visit, paper=paper, ticked=form.ticked(),
                        id_document_type=data["id_document_type"], id_number_last4=data["id_number_last4"],
                        outside_hours_reason=data["outside_hours_reason"],
                    ),
                    url=lambda case: reverse("consultations:visit_receipt", kwargs={"number": case.number}),
                    # A paper form typed in twice (Back, then send) is the guest already registered.
                    fingerprint=once.fingerprint("tatap_muka desk", request.user.pk, data["email"], data["question"])
                    if paper is not None else "",
                )
            except ValidationError as exc:
                add_domain_errors(form, exc)
            else:
                if outcome.replayed:
                    return once.replayed_outcome(request, outcome)
                messages.success(request, _("Kunjungan didaftarkan. Batas waktu 1 jam berjalan sejak sekarang."))
                return redirect(outcome.url)
    context = {"form": form, "visit": visit, "desk_open": walk_ins.desk_is_open(now), "now": now}
    return render(request, "tatap_muka/register.html", context)


@roles({Role.FRONT_DESK})
def register_form(request: HttpRequest, code: str) -> HttpResponse:
    """Register the guest of a form filled beforehand. An unknown code is a 404; a used
    or expired one says so (the service checks again under a lock)."""
    visit = _form_by_code(code)
    if visit.used_at is not None or visit.expires_at <= timezone.now():
        messages.error(
            request,
            _("Kode kunjungan ini sudah dipakai.") if visit.used_at else _("Kode kunjungan ini sudah kedaluwarsa."),
        )
        return redirect("consultations:visit_register")
    return _registration(request, VisitRegistrationForm, visit=visit)


@roles({Role.FRONT_DESK})
def register_paper(request: HttpRequest) -> HttpResponse:
    return _registration(request, PaperVisitRegistrationForm, visit=None)


@roles(CASE_ROLES)
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    """The guest's receipt: case number, time registered, due time, who will meet them."""
    case = selectors.consultation_for(request.user, number=number)
    visit = walk_in_selectors.walk_in_of(consultation=case)
    if visit is None:
        raise Http404
    context = {"case": case, "visit": visit, "office_name": settings.ADVOKASI_OFFICE_NAME}
    return render(request, "tatap_muka/receipt.html", context)


def _board_rows(request: HttpRequest):
    now = timezone.now()
    rows = []
    for case in walk_in_selectors.board_cases(user=request.user):
        left = case.due_at - now
        rows.append({
            "case": case,
            "minutes_left": max(0, int(left.total_seconds() // 60)),
            "minutes_late": max(0, int(-left.total_seconds() // 60)),
            "late": left.total_seconds() < 0,
            "at_risk": timedelta(0) <= left <= AT_RISK,
            "accepted": case.walk_in.accepted_at is not None,
        })
    return rows, now


@roles(WALK_IN_BOARD_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    """Guests waiting, with whom, minutes left: the secretariat and the directors see all
    (of their directorate), staff their own. htmx reloads the table every 15 s; without
    JavaScript the page's own refresh does."""
    rows, now = _board_rows(request)
    template = "tatap_muka/_board.html" if request.headers.get("HX-Request") else "tatap_muka/board.html"
    mine = walk_in_selectors.sees_own_guests_only(request.user)
    response = render(request, template, {"rows": rows, "now": now, "mine": mine})
    response["Cache-Control"] = "no-store"
    return response


# --- the steps on a guest --------------------------------------------------------------------


def _run(request, number: str, step: Step, refusal: str, act, *, key=None, form=None):
    case, access = staff._case(request, number)
    access.require(step, refusal)
    if form is not None:
        form = form(case)
        if not form.is_valid():
            return staff._case_page(request, case, access, bound={key: form},
                                    dropped=dropped_files(request, form) if "files" in form.fields else [])
    try:
        message = act(case, form.cleaned_data if form is not None else None)
    except ValidationError as exc:
        if form is None:
            for text in exc.messages:
                messages.error(request, text)
            return redirect("consultations:staff_detail", number=case.number)
        add_domain_errors(form, exc)
        return staff._case_page(request, case, access, bound={key: form},
                                dropped=dropped_files(request, form) if "files" in form.fields else [])
    except InvalidTransition:
        return staff._stale(request, case)
    messages.success(request, message)
    return redirect("consultations:staff_detail", number=case.number)


@roles(CASE_ROLES)
@require_POST
def hand_off(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, data):
        walk_ins.hand_off(consultation=case, actor=request.user, to=data["to"], reason=data["reason"])
        return _("Tamu diserahkan kepada %(name)s; yang bersangkutan diberi tahu.") % {"name": data["to"].full_name}

    return _run(
        request, number, Step.HAND_OFF, _("Anda tidak berwenang menyerahkan tamu ini."), act, key="hand_off",
        form=lambda case: HandOffForm(
            request.POST, prefix="serah", candidates=walk_in_selectors.on_duty_for(case.category, now=timezone.now()),
            passing=case.assignee_id == request.user.pk,
        ),
    )


@roles(CASE_ROLES)
@require_POST
def accept(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, _data):
        walk_ins.accept_guest(consultation=case, actor=request.user)
        return _("Tamu Anda terima. Catat saran yang diberikan sebelum batas waktu.")

    return _run(request, number, Step.ACCEPT_GUEST, _("Hanya pegawai yang menerima tamu ini."), act)


@roles(CASE_ROLES)
@require_POST
def more_time(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, data):
        walk_ins.need_more_time(consultation=case, actor=request.user, reason=data["reason"])
        return _("Dicatat bahwa konsultasi ini memerlukan waktu lebih. Batas waktu tidak berubah.")

    return _run(
        request, number, Step.NEED_MORE_TIME, _("Hanya pegawai yang menerima tamu ini."), act, key="more_time",
        form=lambda case: MoreTimeForm(request.POST, prefix="waktu"),
    )


@roles(CASE_ROLES)
@require_POST
def advice(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, data):
        walk_ins.record_advice(consultation=case, author=request.user, kinds=data["kinds"], summary=data["summary"],
                               files=data["files"])
        if case.completed_on_time:
            return _("Saran dicatat dan ringkasannya dikirim kepada tamu. Selesai tepat waktu.")
        return _("Saran dicatat dan ringkasannya dikirim kepada tamu. Selesai melewati batas waktu.")

    return _run(
        request, number, Step.RECORD_ADVICE, _("Hanya pegawai yang menerima tamu ini."), act, key="advice",
        form=lambda case: AdviceForm(request.POST, request.FILES, prefix="saran"),
    )
