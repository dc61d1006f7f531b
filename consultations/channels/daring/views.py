"""The online-meeting channel's pages: the invitation's registration (secretariat) and
upload (applicant) — then the letter desk's receipt and disposition — and, on the
staff case page, the coordination with the PIC, the schedule and the report; the
report's PDF for staff and the applicant."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.models import Role
from accounts.roles import CASE_ROLES
from consultations import selectors
from consultations.channels.surat.forms import InvitationRegisterForm, InvitationUploadForm
from consultations.channels.surat.views import LETTER_FIELDS, letter_intake
from consultations.errors import InvalidTransition
from consultations.views import staff
from consultations.workflow import Step
from core.forms import add_domain_errors
from core.templatetags.core_tags import wib

from . import meeting_reports
from . import selectors as meeting_selectors
from . import services as meetings
from .forms import CancelMeetingForm, ConfirmMeetingForm, PicMessageForm, ReportForm, RescheduleForm
from .meeting_panel import team_candidates

# The letter's fields an invitation has (its contact is the PIC).
INVITATION_LETTER_FIELDS = tuple(name for name in LETTER_FIELDS if name not in ("contact_email", "contact_phone"))
INVITATION_FIELDS = ("pic_name", "pic_phone", "pic_email", "platform", "link")


def _invitation_data(data, form) -> dict:
    return {name: data[name] for name in (*INVITATION_LETTER_FIELDS, *INVITATION_FIELDS)} | {
        "proposed_slots": form.proposed_slots()
    }


@roles({Role.FRONT_DESK})
def register_invitation(request: HttpRequest) -> HttpResponse:
    form = InvitationRegisterForm(request.POST or None, request.FILES or None)
    return letter_intake(
        request,
        form,
        kind="daring",
        file=lambda data: meetings.register_invitation(
            actor=request.user, source=data["source"], eoffice_reference=data["eoffice_reference"],
            **_invitation_data(data, form),
        ),
        template="daring/register.html",
        url=lambda case: reverse("consultations:staff_detail", kwargs={"number": case.number}),
        done=_("Undangan didaftarkan. Periksa kelengkapannya di bawah ini; pengirim sudah diberi tahu nomor konsultasinya."),
    )


@roles({Role.APPLICANT}, verified_email=True)
def upload_invitation(request: HttpRequest) -> HttpResponse:
    form = InvitationUploadForm(request.POST or None, request.FILES or None)
    return letter_intake(
        request,
        form,
        kind="daring",
        file=lambda data: meetings.upload_invitation(
            applicant=request.user, language=request.LANGUAGE_CODE, **_invitation_data(data, form)
        ),
        template="daring/upload.html",
        limited=True,
        url=lambda case: reverse("consultations:detail", kwargs={"number": case.number}),
        done=_("Undangan Anda terdaftar. Jadwal rapat dikonfirmasi paling lambat 2 hari kerja setelah undangan "
               "diterima Direktur."),
    )


def _step(request, number, step: Step, act, *, key: str, form):
    case, access = staff._case(request, number)
    access.require(step, _("Anda tidak berwenang melakukan langkah ini pada rapat ini."))
    bound = form(case)
    if not bound.is_valid():
        return staff._case_page(request, case, access, bound={key: bound})
    try:
        message = act(case, bound)
    except ValidationError as exc:
        add_domain_errors(bound, exc)
        return staff._case_page(request, case, access, bound={key: bound})
    except InvalidTransition:
        return staff._stale(request, case)
    messages.success(request, message)
    return redirect("consultations:staff_detail", number=case.number)


@roles(CASE_ROLES)
@require_POST
def pic_message(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, form):
        if form.cleaned_data["from_pic"]:
            meetings.log_pic_reply(consultation=case, author=request.user, body=form.cleaned_data["body"])
            return _("Balasan PIC dicatat.")
        meetings.message_pic(consultation=case, author=request.user, body=form.cleaned_data["body"])
        return _("Pesan dikirim kepada PIC melalui e-mail.")

    return _step(request, number, Step.MESSAGE_PIC, act, key="pic", form=lambda case: PicMessageForm(request.POST, prefix="pic"))


@roles(CASE_ROLES)
@require_POST
def confirm(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, form):
        data = form.cleaned_data
        meetings.confirm_meeting(
            consultation=case, actor=request.user, starts_at=form.moment("starts"), ends_at=form.moment("ends"),
            platform=data["platform"], link=data["link"], team=form.members(),
        )
        return _("Jadwal dikonfirmasi; undangan kalender dikirim kepada PIC dan tim. Batas waktu layanan terpenuhi.") \
            if case.completed_on_time else _("Jadwal dikonfirmasi; undangan kalender dikirim. Konfirmasi melewati batas waktu.")

    return _step(
        request, number, Step.CONFIRM_MEETING, act, key="confirm",
        form=lambda case: ConfirmMeetingForm(request.POST, prefix="jadwal", candidates=team_candidates(case)),
    )


@roles(CASE_ROLES)
@require_POST
def reschedule(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, form):
        data = form.cleaned_data
        meetings.reschedule_meeting(
            consultation=case, actor=request.user, starts_at=form.moment("starts"), ends_at=form.moment("ends"),
            platform=data["platform"], link=data["link"], reason=data["reason"],
        )
        return _("Jadwal diubah; pembaruan undangan kalender dikirim.")

    return _step(request, number, Step.RESCHEDULE_MEETING, act, key="reschedule",
                 form=lambda case: RescheduleForm(request.POST, prefix="ubah"))


@roles(CASE_ROLES)
@require_POST
def cancel(request: HttpRequest, number: str) -> HttpResponse:
    """The meeting called off: set again (``cancel_meeting``) or closed as cancelled
    (``close_cancelled_meeting``), as the form says; once cancelled, only closing is left."""
    case, _access = staff._case(request, number)
    closing_only = meeting_selectors.schedule_cancelled(case=case)
    form = CancelMeetingForm(request.POST, prefix="batal", closing_only=closing_only)
    closes = form.is_valid() and form.closes

    def act(case, form):
        data = form.cleaned_data
        fields = {"consultation": case, "actor": request.user, "reason": data["reason"],
                  "cancelled_by": data["cancelled_by"]}
        if form.closes:
            meetings.close_cancelled_meeting(**fields)
            return _("Rapat dibatalkan dan konsultasi ditutup sebagai dibatalkan.") if not closing_only \
                else _("Konsultasi ditutup sebagai dibatalkan.")
        meetings.cancel_meeting(**fields)
        return _("Rapat dibatalkan; pembatalan dikirim kepada PIC dan tim. Tetapkan jadwal baru paling lambat %(due)s.") \
            % {"due": wib(case.due_at)}

    return _step(request, number, Step.CLOSE_CANCELLED_MEETING if closes else Step.CANCEL_MEETING, act, key="cancel",
                 form=lambda case: form)


@roles(CASE_ROLES)
@require_POST
def write_report(request: HttpRequest, number: str) -> HttpResponse:
    def act(case, form):
        meeting_reports.write_report(consultation=case, author=request.user, **form.cleaned_data)
        return _("Laporan rapat disimpan dan menunggu persetujuan.")

    return _step(request, number, Step.WRITE_REPORT, act, key="report", form=lambda case: ReportForm(request.POST, prefix="lapor"))


@roles(CASE_ROLES)
@require_POST
def approve_report(request: HttpRequest, number: str) -> HttpResponse:
    case, access = staff._case(request, number)
    access.require(Step.APPROVE_REPORT, _("Hanya Ketua Tim Kerja atau Direktur yang menyetujui laporan rapat."))
    try:
        meeting_reports.approve_report(consultation=case, actor=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    except InvalidTransition:
        return staff._stale(request, case)
    else:
        messages.success(request, _("Laporan rapat disetujui dan dikirim kepada PIC."))
    return redirect("consultations:staff_detail", number=case.number)


@roles(CASE_ROLES | {Role.APPLICANT})
def report_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """The approved report, as stored: for staff who see the case and its applicant."""
    case = selectors.consultation_for(request.user, number=number)
    report = meeting_selectors.approved_report_of(case=case)
    response = FileResponse(report.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-rapat-{case.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
