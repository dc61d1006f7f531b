"""Answer templates: the pages a Director or team lead keeps their directorate's passages
with, and the "Sisipkan" of the staff case page that puts one into a draft.

A template of another directorate is a 404 for a lead (``AnswerTemplate.objects`` of the
lead's own directorate is the lookup). Inserting works with and without JavaScript:
``static/js/answer-templates.js`` asks for the text as JSON and puts it at the cursor;
without it, the button posts the whole draft form here and the case page comes back
with the passage appended to what was typed. Either way one insertion is one use.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.roles import CASE_ROLES, LEAD_ROLES
from consultations.channels.surat.forms import DraftForm
from consultations.channels.website.forms import AnswerForm
from consultations.errors import InvalidTransition
from consultations.forms.answer_templates import AnswerTemplateForm
from consultations.models import AnswerTemplate
from consultations.services import answer_templates as services
from core.forms import add_domain_errors

from . import staff
from .common import dropped_files

# --- keeping the templates (Directors and team leads) --------------------------------------


def _kept(request: HttpRequest):
    return AnswerTemplate.objects.of_directorate(request.user.directorate_id)


def _template(request: HttpRequest, pk: int) -> AnswerTemplate:
    """One of the lead's own directorate's templates; any other is a 404."""
    return get_object_or_404(_kept(request).select_related("category"), pk=pk)


@roles(LEAD_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    """The directorate's templates by category, the retired ones too, with their use."""
    templates = _kept(request).select_related("category", "updated_by")
    return render(request, "consultations/answer_templates/index.html", {"templates": list(templates)})


def _save(request: HttpRequest, form: AnswerTemplateForm, act) -> HttpResponse | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        template = act(category=data["category"], title=data["title"], body=data["body"], regulations=data["regulations"])
    except ValidationError as exc:
        add_domain_errors(form, exc)
        return None
    except InvalidTransition:
        messages.error(request, _("Templat ini sudah dinonaktifkan; aktifkan lagi untuk mengubahnya."))
        return redirect("consultations:answer_templates")
    messages.success(request, _("Templat “%(title)s” disimpan.") % {"title": template.title})
    return redirect("consultations:answer_templates")


@roles(LEAD_ROLES)
def new(request: HttpRequest) -> HttpResponse:
    form = AnswerTemplateForm(request.POST or None)
    if request.method == "POST":
        saved = _save(request, form, lambda **data: services.create_template(actor=request.user, **data))
        if saved is not None:
            return saved
    return render(request, "consultations/answer_templates/form.html", {"form": form, "template": None})


@roles(LEAD_ROLES)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    initial = {"category": template.category, "title": template.title, "body": template.body, "regulations": template.regulations}
    form = AnswerTemplateForm(request.POST or None, initial=initial, current=template.category)
    if request.method == "POST":
        saved = _save(request, form, lambda **data: services.update_template(template=template, actor=request.user, **data))
        if saved is not None:
            return saved
    return render(request, "consultations/answer_templates/form.html", {"form": form, "template": template})


def _switch(request: HttpRequest, pk: int, transition, done: str) -> HttpResponse:
    template = _template(request, pk)
    try:
        transition(template=template, actor=request.user)
    except InvalidTransition:
        messages.info(request, _("Tidak ada yang berubah: status templat ini sudah demikian."))
    else:
        messages.success(request, done % {"title": template.title})
    return redirect("consultations:answer_templates")


@roles(LEAD_ROLES)
@require_POST
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _switch(request, pk, services.deactivate_template, _("Templat “%(title)s” dinonaktifkan dan tidak lagi ditawarkan."))


@roles(LEAD_ROLES)
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _switch(request, pk, services.reactivate_template, _("Templat “%(title)s” diaktifkan kembali."))


# --- inserting one into a draft (whoever writes the case's answer) ----------------------------


@dataclass(frozen=True)
class Draft:
    """A form of the case page that writes an answer: where the panel finds it again
    (``bound`` key), its class and prefix, and its text field."""

    key: str
    form: type[Form]
    prefix: str
    field: str


# ``sasaran`` of the "Sisipkan" button -> the draft it inserts into.
DRAFTS = {
    "jawab": Draft(key="answer", form=AnswerForm, prefix="jawab", field="text"),  # the website's answer
    "konsep": Draft(key="draft", form=DraftForm, prefix="konsep", field="body"),  # a letter's draft
}


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _typed_again(request: HttpRequest, draft: Draft, text: str | None) -> Form:
    """The draft form as posted, unbound (no errors for what is still to be written),
    with ``text`` appended to its text field."""
    form = draft.form(prefix=draft.prefix)
    initial = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if name == "files" or key not in request.POST:
            continue
        initial[name] = request.POST.getlist(key) if hasattr(field, "choices") and field.widget.allow_multiple_selected else request.POST[key]
    if text is not None:
        initial[draft.field] = services.appended(initial.get(draft.field, ""), text)
    form = draft.form(prefix=draft.prefix, initial=initial)
    form.inserted = True  # the page keeps the form open
    return form


@roles(CASE_ROLES)
@require_POST
def insert(request: HttpRequest, number: str) -> HttpResponse:
    """Count a use of the chosen template and hand its text to the draft: JSON for the
    script, the case page with the passage appended for a browser without it."""
    case, access = staff._case(request, number)
    draft = DRAFTS.get(request.POST.get("sasaran", ""))
    if draft is None:
        return HttpResponse(_("Formulir ini rusak. Muat ulang halaman."), status=400)
    chosen = request.POST.get("templat", "")
    text = None
    if not chosen.isdigit():
        if _wants_json(request):
            return JsonResponse({"error": _("Pilih templat jawaban lebih dahulu.")}, status=400)
        messages.error(request, _("Pilih templat jawaban lebih dahulu."))
    else:
        template = get_object_or_404(AnswerTemplate.objects.offered_for(case), pk=int(chosen))
        try:
            text = services.use_template(actor=request.user, template=template, consultation=case)
        except InvalidTransition:  # retired between the lookup and the count
            if _wants_json(request):
                return JsonResponse({"error": _("Templat ini baru saja dinonaktifkan.")}, status=409)
            messages.error(request, _("Templat ini baru saja dinonaktifkan."))
        else:
            if _wants_json(request):
                return JsonResponse({"text": text, "title": template.title})
    form = _typed_again(request, draft, text)
    return staff._case_page(request, case, access, bound={draft.key: form}, dropped=dropped_files(request, form))
