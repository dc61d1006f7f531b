"""The complaints desk for staff: the queue, one complaint's page, the log form for what
came by telephone, e-office, letter or LAPOR!, and one small POST view per step.

Every lookup goes through ``policies.visible_complaints`` (404 for a complaint of another
directorate); the steps are offered only to the directorate's Pengelola Pengaduan and
the services check again (403 for a hand-made request)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.models import Role
from accounts.roles import COMPLAINT_DESK_ROLES, COMPLAINT_HANDLER_ROLES, COMPLAINT_INTAKE_ROLES
from core.forms import add_domain_errors
from files.serving import download_response

from .. import policies, selectors, services
from ..forms import AskForm, CloseForm, QueueFilterForm, RerouteForm, StaffComplaintForm
from ..models import Complaint
from . import desk_table
from .public import remember_code

PER_PAGE = 30


def _complaint_for(user, pk: int) -> Complaint:
    return get_object_or_404(selectors.desk_complaints(user=user), pk=pk)


@roles(COMPLAINT_DESK_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    shown = (form.cleaned_data.get("status") if form.is_valid() else "") or "open"
    now = timezone.now()
    # The summary's scan counts the listed view too: the paginator asks no COUNT of its own.
    summary = selectors.desk_summary(user=request.user, now=now, shown=shown)
    complaints = selectors.desk_rows(user=request.user, shown=shown, now=now)
    page = Paginator(Counted(complaints, summary.listed), PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "complaints/queue.html", {
        "form": form, "page": page, "summary": summary, "now": now, "shown": shown,
        # Rows written once per page in Python (desk_table), not per template node.
        "rows": desk_table.rows(page.object_list, now=now, with_directorate=request.user.role == Role.ADMIN),
    })


class Counted:
    """Rows for ``Paginator`` whose count is already known (no COUNT query)."""

    def __init__(self, queryset, count: int) -> None:
        self.queryset, self._count = queryset, count

    @property
    def ordered(self) -> bool:
        return self.queryset.ordered

    def count(self) -> int:
        return self._count

    def __getitem__(self, key):
        return self.queryset[key]


def _detail(request: HttpRequest, complaint: Complaint, *, status: int = 200, **bound: Form) -> HttpResponse:
    acts = policies.can_act(request.user, complaint)
    forms = {}
    if acts and not complaint.is_closed:
        forms = {
            "ask": bound.get("ask") or AskForm(prefix="tanya"),
            "close": bound.get("close") or CloseForm(prefix="tutup"),
            "reroute": bound.get("reroute") or RerouteForm(prefix="alih", exclude=complaint.directorate_id),
        }
    context = {
        "complaint": complaint,
        "events": selectors.events(complaint=complaint),
        "conversation": selectors.conversation(complaint=complaint),
        "acts": acts,
        "forms": forms,
        "case": complaint.consultation,
        "now": timezone.now(),
    }
    return render(request, "complaints/detail.html", context, status=status)


@roles(COMPLAINT_DESK_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _complaint_for(request.user, pk))


@roles(COMPLAINT_DESK_ROLES)
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request.user, pk)
    if not complaint.scan:
        raise Http404
    return download_response(complaint.scan, filename=complaint.scan_name or "surat.pdf",
                             content_type="application/pdf")


@roles(COMPLAINT_INTAKE_ROLES)
def log(request: HttpRequest) -> HttpResponse:
    form = StaffComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.log_complaint(
                actor=request.user, channel=data["channel"], kind=data["kind"], text=data["text"],
                received_at=data["received_at"], directorate=data["directorate"], extension=data["extension"],
                eoffice_reference=data["eoffice_reference"], lapor_number=data["lapor_number"], scan=data["scan"],
                consultation_number=data["consultation_number"], name=data["name"], email=data["email"],
                phone=data["phone"],
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            remember_code(request, filed)
            return redirect("complaints:filed")
    # A browser does not keep a chosen file when the form comes back: the page names it.
    upload = request.FILES.get("scan") if form.errors else None
    return render(request, "complaints/log.html", {"form": form, "dropped_scan": upload.name if upload else ""},
                  status=400 if form.errors else 200)


def _step(request: HttpRequest, pk: int, *, form_class: type[Form] | None, prefix: str, name: str,
          run: Callable[..., str], **form_kwargs) -> HttpResponse:
    complaint = _complaint_for(request.user, pk)
    form = form_class(request.POST, prefix=prefix, **form_kwargs) if form_class else None
    if form is not None and not form.is_valid():
        return _detail(request, complaint, status=400, **{name: form})
    try:
        message = run(complaint, form.cleaned_data if form else {})
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("complaints:detail", pk=pk)
        add_domain_errors(form, error)
        return _detail(request, complaint, status=400, **{name: form})
    messages.success(request, message)
    if not selectors.is_visible(user=request.user, pk=pk):
        return redirect("complaints:queue")  # re-routed away
    return redirect("complaints:detail", pk=pk)


@require_POST
@roles(COMPLAINT_HANDLER_ROLES)
def take(request: HttpRequest, pk: int) -> HttpResponse:
    def run(complaint, data):
        services.take(complaint=complaint, actor=request.user)
        return _("Pengaduan %(number)s Anda ambil untuk ditindaklanjuti.") % {"number": complaint.number}

    return _step(request, pk, form_class=None, prefix="", name="", run=run)


@require_POST
@roles(COMPLAINT_HANDLER_ROLES)
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    def run(complaint, data):
        services.ask_complainant(complaint=complaint, text=data["text"], actor=request.user)
        if complaint.email or complaint.complainant_id:
            return _("Pertanyaan terkirim ke e-mail pelapor dan tampil di halaman pelacakan.")
        return _("Pertanyaan tampil di halaman pelacakan; pelapor tidak meninggalkan e-mail.")

    return _step(request, pk, form_class=AskForm, prefix="tanya", name="ask", run=run)


@require_POST
@roles(COMPLAINT_HANDLER_ROLES)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    def run(complaint, data):
        services.close(complaint=complaint, follow_up=data["follow_up"], actor=request.user)
        if complaint.completed_on_time:
            return _("Tindak lanjut %(number)s disampaikan tepat waktu.") % {"number": complaint.number}
        return _("Tindak lanjut %(number)s disampaikan, melewati batas waktu.") % {"number": complaint.number}

    return _step(request, pk, form_class=CloseForm, prefix="tutup", name="close", run=run)


@require_POST
@roles(COMPLAINT_HANDLER_ROLES)
def reroute(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request.user, pk)

    def run(complaint, data):
        services.reroute(complaint=complaint, directorate=data["directorate"], reason=data["reason"],
                         actor=request.user)
        return _("Pengaduan %(number)s dialihkan ke %(directorate)s; batas waktunya tidak berubah.") % {
            "number": complaint.number, "directorate": data["directorate"].localized_name}

    return _step(request, pk, form_class=RerouteForm, prefix="alih", name="reroute", run=run,
                 exclude=complaint.directorate_id)
