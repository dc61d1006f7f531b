"""The applicant's pages: "Konsultasi Saya", a case page with the thread (the question
form is the website channel's, ``channels.website.views``). Object access: ``selectors.consultation_for`` (404 for another's case)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.models import Role
from consultations import policies, selectors
from consultations.channels import Channel
from consultations.channels.surat import selectors as letter_selectors
from consultations.errors import InvalidTransition, MessageRateExceeded
from consultations.forms import MessageForm
from consultations.models import AnswerLetter, Consultation, MeetingReport
from consultations.services import steps
from consultations.workflow import Step
from core import once
from core.forms import add_domain_errors

from .common import case_records, dropped_files, minutes_until

PER_PAGE = 20


@roles(Role.APPLICANT)
def my_consultations(request: HttpRequest) -> HttpResponse:
    """"Konsultasi Saya": newest first, with each case's deadline; above them, the
    applicant's priority credits (compensation), from which case and used by which."""
    cases = Consultation.objects.filter(applicant=request.user).as_rows().order_by("-submitted_at", "-id")
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("halaman"))
    context = {"page": page, "now": timezone.now(), "credits": selectors.credits_of(request.user)}
    return render(request, "consultations/applicant/list.html", context)


def _case_page(
    request: HttpRequest, case: Consultation, *, message_form: MessageForm | None = None, dropped=(), status: int = 200
) -> HttpResponse:
    user = request.user
    can_write = Step.POST_MESSAGE in policies.available_actions(user, case)
    context = {
        "case": case,
        "records": case_records(user, case),
        "message_form": (message_form or MessageForm(prefix="pesan")) if can_write else None,
        "dropped": list(dropped),
        "now": timezone.now(),
        # A letter case shows where the letter is, and the answer letter once issued.
        "letter_progress": letter_selectors.progress(case) if case.channel in (Channel.SURAT, Channel.DARING) else None,
        "meeting_report": MeetingReport.objects.filter(consultation=case, approved_at__isnull=False).first()
        if case.channel == Channel.DARING else None,
        "answer_letter": AnswerLetter.objects.filter(consultation=case).first() if case.channel == Channel.SURAT else None,
    }
    return render(request, "consultations/applicant/detail.html", context, status=status)


def _too_many_messages(request: HttpRequest, case: Consultation, form: MessageForm, exc: MessageRateExceeded) -> HttpResponse:
    """The case page again, the typed message still in its box, with why and how long."""
    minutes = minutes_until(exc.retry_after)
    if exc.per_case:
        why = _("Anda sudah mengirim %(limit)d pesan pada konsultasi ini dalam satu jam terakhir.")
    else:
        why = _("Anda sudah mengirim %(limit)d pesan pada seluruh konsultasi Anda dalam satu jam terakhir.")
    form.add_error(
        None,
        why % {"limit": exc.limit}
        + " "
        + _("Pesan ini belum terkirim; teksnya tetap di bawah. Anda dapat mengirimnya lagi dalam %(minutes)d menit.")
        % {"minutes": minutes},
    )
    response = _case_page(request, case, message_form=form, dropped=dropped_files(request, form), status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


@roles(Role.APPLICANT)
def detail(request: HttpRequest, number: str) -> HttpResponse:
    return _case_page(request, selectors.consultation_for(request.user, number=number))


@roles(Role.APPLICANT)
@require_POST
def post_message(request: HttpRequest, number: str) -> HttpResponse:
    """The applicant's reply in the clarification thread (the clock keeps running)."""
    case = selectors.consultation_for(request.user, number=number)
    form = MessageForm(request.POST, request.FILES, prefix="pesan")
    if sent := once.sent_url(request.user, form.posted_token()):
        return once.replayed(request, sent)
    if form.is_valid():
        try:
            outcome = once.create_once(
                user=request.user,
                token=form.cleaned_data["form_token"],
                create=lambda: steps.post_message(
                    consultation=case, author=request.user, body=form.cleaned_data["body"], files=form.cleaned_data["files"]
                ),
                url=lambda message: reverse("consultations:detail", kwargs={"number": case.number}) + f"#pesan-{message.pk}",
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        except MessageRateExceeded as exc:
            return _too_many_messages(request, case, form, exc)
        except InvalidTransition:
            messages.error(request, _("Pesan tidak dapat dikirim pada konsultasi dengan status ini."))
            return redirect("consultations:detail", number=case.number)
        else:
            if outcome.replayed:
                return once.replayed(request, outcome.url)
            messages.success(request, _("Pesan Anda telah dikirim kepada petugas."))
            return redirect(outcome.url)
    return _case_page(request, case, message_form=form, dropped=dropped_files(request, form))
