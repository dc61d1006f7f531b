"""The applicant's pages: "Konsultasi Saya", a case page with the thread (the question
form is the website channel's, ``channels.website.views``). Object access: ``selectors.consultation_for`` (404 for another's case)."""

from __future__ import annotations

from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.models import Role
from consultations import policies, selectors
from consultations.channels import Channel
from consultations.channels.surat import selectors as letter_selectors
from consultations.errors import InvalidTransition, MessageRateExceeded
from consultations.forms import MessageForm
from consultations.models import AnswerLetter, Consultation, MeetingReport, PriorityCredit
from consultations.services import steps
from consultations.templatetags.consultation_tags import case_url
from consultations.workflow import Step
from core import once
from core.forms import add_domain_errors
from core.templatetags.core_tags import deadline_of
from core.time import format_iso, format_wib

from .common import case_records, dropped_files, minutes_until

PER_PAGE = 20


@roles(Role.APPLICANT)
def my_consultations(request: HttpRequest) -> HttpResponse:
    """"Konsultasi Saya": newest first, with each case's deadline; above them, the
    applicant's priority credits (compensation), from which case and used by which."""
    page, has_credits = _list_page(request.user, request.GET.get("halaman"))
    context = {
        "page": page,
        "rows": _rows(page.object_list, timezone.now()),
        "credits": selectors.credits_of(request.user) if has_credits is not False else [],
    }
    return render(request, "consultations/applicant/list.html", context)


# What a row shows: the number (and link), subject, status in the channel's words and
# the deadline (``deadline_of``: the clock's columns; the channel says hourly or not).
ROW_COLUMNS = ("number", "channel", "status", "subject", "clock_started_at", "due_at", "completed_at",
               "completed_on_time")


def _list_page(user, number: str | None) -> tuple[Page, bool | None]:
    """A page of the applicant's cases, and whether they hold any priority credit (None:
    not known), in one query: the rows carry the total and the credit check as
    uncorrelated subqueries, which the database evaluates once (written as SQL: the ORM
    took longer to build and compile them than the database to run the query). Django's
    paginator (a count, then the rows) decides what only it knows: a page number that is
    not a plain positive number, or one past the last page."""
    cases = Consultation.objects.filter(applicant=user).only(*ROW_COLUMNS).order_by("-submitted_at", "-id")
    paginator = Paginator(cases, PER_PAGE)
    n = 1 if number is None else int(number) if number.isdigit() else 0
    if n >= 1:
        case_table, credit_table = Consultation._meta.db_table, PriorityCredit._meta.db_table
        rows = list(
            cases.annotate(
                total=RawSQL(f"SELECT COUNT(*) FROM {case_table} WHERE applicant_id = %s", [user.pk]),
                has_credits=RawSQL(f"EXISTS (SELECT 1 FROM {credit_table} WHERE applicant_id = %s)", [user.pk],
                                   output_field=BooleanField()),
            )[(n - 1) * PER_PAGE : n * PER_PAGE]
        )
        if rows or n == 1:
            paginator.count = rows[0].total if rows else 0
            return Page(rows, n, paginator), (bool(rows[0].has_credits) if rows else None)
    return paginator.get_page(number), None


def _rows(cases, now) -> SafeString:
    """The list's rows, rendered in Python (issue 26): the same cells as the template
    loop gave — each labelled for the phone layout, the deadline judged at one ``now``
    (``core_tags.deadline_of``) — without the template engine's cost per cell. Labels,
    the URL pattern and the status words are looked up once per page; every value is
    escaped (``html.escape``, which Django's ``escape`` calls, without its lazy-string
    wrapper: every value here is a plain string)."""
    labels = [escape(str(label)).replace("{", "{{").replace("}", "}}")
              for label in (_("Perihal"), _("Status"), _("Batas waktu"), _("Sisa waktu"), _("Keadaan"))]
    row = (
        '<tr>\n<th scope="row" class="text-nowrap"><a href="{}">{}</a></th>\n'
        f'<td data-label="{labels[0]}">{{}}</td>\n'
        f'<td data-label="{labels[1]}">{{}}</td>\n'
        f'<td data-label="{labels[2]}">{{}}</td>\n'
        f'<td data-label="{labels[3]}">{{}}</td>\n'
        f'<td data-label="{labels[4]}"><span class="badge {{}}">{{}}</span></td>\n</tr>\n'
    )
    statuses: dict[tuple[str, str], str] = {}
    html = []
    for case in cases:
        d = deadline_of(case, now)
        due = (f'<time datetime="{format_iso(d.due_at)}">{escape(format_wib(d.due_at))}</time>'
               if d.due_at else "—")
        status = statuses.get((case.channel, case.status))
        if status is None:
            status = statuses[case.channel, case.status] = escape(case.status_label)
        html.append(row.format(
            escape(case_url(case, "consultations:detail")), escape(case.number), escape(case.subject),
            status, due, escape(d.left), d.css, escape(d.label),
        ))
    return mark_safe("".join(html))  # noqa: S308 - every value above escaped


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
