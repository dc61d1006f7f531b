"""The website channel's pages: the applicant's question form ("Ajukan Konsultasi"), and
the staff's answer (the output, which stops the clock) and its corrections. The staff
steps share the case page's validate-act-redirect (``views.staff``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.models import Role
from accounts.roles import CASE_ROLES
from accounts.selectors import applicant_profile
from consultations import selectors
from consultations.channels import Channel, compute_due_at, spec
from consultations.errors import SubmissionRateExceeded
from consultations.services import rates
from consultations.views.common import dropped_files, too_many_submissions
from consultations.views.staff import _case, _perform
from consultations.workflow import Step
from core import once
from core.forms import add_domain_errors
from core.templatetags.core_tags import wib

from . import answers
from .forms import AnswerForm, ConsultationForm

# The website channel's intake, as its registry entry names it.
WEBSITE = spec(Channel.WEBSITE)


def _rate_limited(request: HttpRequest, exc: SubmissionRateExceeded, form: ConsultationForm | None = None) -> HttpResponse:
    return too_many_submissions(request, exc, form, typed=("subject", "description"))


@roles(Role.APPLICANT, verified_email=True)
def submit(request: HttpRequest) -> HttpResponse:
    """"Ajukan Konsultasi". A refused form comes back with everything typed, and names
    the files that must be chosen again (browsers cannot keep them)."""
    form_class, intake = WEBSITE.intake_form_class(), WEBSITE.intake_service()
    form = form_class(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and (sent := once.sent_url(request.user, form.posted_token())):
        return once.replayed(request, sent)
    try:
        # Checked before the form is shown too: nobody should write a long question
        # only to learn that it cannot be sent for another hour.
        rates.check_submission_rate(applicant=request.user, now=timezone.now())
    except SubmissionRateExceeded as exc:
        return _rate_limited(request, exc, form)
    if form is None:
        profile = applicant_profile(request.user)
        form = form_class(initial={"institution_name": profile.institution_name if profile else ""})
    elif form.is_valid():
        data = form.cleaned_data
        try:
            outcome = once.create_once(
                user=request.user,
                token=data["form_token"],
                create=lambda: intake(
                    applicant=request.user,
                    category=data["category"],
                    subject=data["subject"],
                    description=data["description"],
                    institution_name=data["institution_name"],
                    procurement_package=data["procurement_package"],
                    fiscal_year=data["fiscal_year"],
                    procurement_stage=data["procurement_stage"],
                    files=data["files"],
                    language=translation.get_language(),
                ),
                url=lambda case: reverse("consultations:detail", kwargs={"number": case.number}),
                # Sent again from Back: the same question by the same person is the case
                # already made.
                fingerprint=once.fingerprint("website", request.user.pk, data["subject"], data["description"]),
            )
        except SubmissionRateExceeded as exc:
            return _rate_limited(request, exc, form)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            if outcome.replayed:
                return once.replayed_outcome(request, outcome)
            case = outcome.created
            messages.success(
                request,
                _("Konsultasi Anda telah kami terima dengan nomor %(number)s. Jawaban akan dikirim paling lambat %(due)s.")
                % {"number": case.number, "due": wib(case.due_at)},
            )
            return redirect(outcome.url)
    dropped = dropped_files(request, form) if form.is_bound else []
    context = {"form": form, "dropped": dropped, "due_if_now": compute_due_at(Channel.WEBSITE, timezone.now())}
    return render(request, "website/submit.html", context)


@roles(CASE_ROLES)
@require_POST
def send_answer(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _case(request, number)
    access.require(Step.SEND_ANSWER, _("Anda tidak berwenang menjawab konsultasi ini."))
    form = AnswerForm(request.POST, request.FILES, prefix="jawab")

    def act(data):
        answers.send_answer(
            consultation=case, author=request.user, kinds=data["kinds"], text=data["text"], files=data["files"]
        )
        if case.completed_on_time:
            return _("Jawaban dikirim kepada pemohon. Konsultasi %(number)s selesai tepat waktu.") % {"number": case.number}
        return _("Jawaban dikirim kepada pemohon. Konsultasi %(number)s selesai melewati batas waktu.") % {
            "number": case.number
        }

    return _perform(request, case, access, key="answer", form=form, act=act, files=True)


@roles(CASE_ROLES)
@require_POST
def correct_answer(request: HttpRequest, number: str, answer: int) -> HttpResponse:
    case, access = _case(request, number)
    access.require(Step.CORRECT_ANSWER, _("Anda tidak berwenang mengoreksi jawaban konsultasi ini."))
    original = selectors.answer_for(case, pk=answer)
    form = AnswerForm(request.POST, request.FILES, prefix=f"koreksi-{original.pk}")

    def act(data):
        answers.correct_answer(
            answer=original, author=request.user, kinds=data["kinds"], text=data["text"], files=data["files"]
        )
        return _("Koreksi jawaban dikirim kepada pemohon. Jawaban semula tetap tercatat.")

    return _perform(request, case, access, key=f"correct-{original.pk}", form=form, act=act, files=True)
