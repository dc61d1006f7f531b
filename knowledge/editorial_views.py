"""The editorial desk: "Usulkan untuk basis pengetahuan" from a delivered case (a panel
on the staff case page, ``core.panels.STAFF_CASE``), the editor with the redaction
findings beside the text, and "Usulan artikel", where a team lead or the Director
approves or withdraws. The transitions are :mod:`knowledge.publishing`'s.

An article is found through :func:`_article_for`: one of another directorate, or one
without a source case, is a 404 (an object the person may not know).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import roles
from accounts.roles import CASEWORKER_ROLES, LEAD_ROLES
from consultations import policies, selectors
from consultations.errors import InvalidTransition
from consultations.models import Consultation
from core.forms import add_domain_errors
from core.prepared import Prepared

from . import publishing
from .editorial_forms import EditorForm
from .models import Article, Status

RECENT_PUBLISHED = 20


def _article_for(user, pk: int) -> Article:
    article = get_object_or_404(Article.objects.select_related("source_consultation", "category"), pk=pk)
    case = article.source_consultation
    if case is None or not policies.is_caseworker_of(user, case):
        raise Http404
    return article


def highlighted(text: str, findings: list[publishing.FieldFlag]) -> SafeString:
    """``text`` escaped, each finding in a ``<mark>`` naming its kind, line breaks kept
    (as ``<br>``: the page's CSP allows no inline style)."""
    parts, at = [], 0

    def plain(segment: str) -> str:
        return str(escape(segment)).replace("\n", "<br>")

    for item in sorted(findings, key=lambda i: i.flag.start):
        flag = item.flag
        parts.append(plain(text[at : flag.start]))
        parts.append(
            format_html(
                '<mark class="{}" data-kind="{}" title="{}">{}</mark>',
                "redaction-kept" if item.kept else "redaction-flag", flag.kind, flag.kind.label, flag.excerpt,
            )
        )
        at = flag.end
    parts.append(plain(text[at:]))
    return mark_safe("".join(parts))  # every part escaped (escape, format_html)


# --- the case page's panel -------------------------------------------------------------------


# The proposal or article made from a case, if any (its SQL written once per process).
_LIVE_ARTICLE = Prepared(
    lambda case_id: Article.objects.filter(source_consultation_id=case_id, status__in=[Status.PROPOSED, Status.PUBLISHED])
    .only("pk", "slug", "status", "title").order_by("pk")[:1]
)


def case_panel(request, *, case: Consultation, **context) -> str:
    """The case page's "Basis pengetahuan" card: propose (staff of the directorate, once
    the answer went out), or where the proposal stands. Written in Python (issue 26: the
    staff case page is a busy page), the HTML its template had (compared parsed, in
    both languages, with no article, a proposal and a published article)."""
    user = request.user
    if not case.output_sent or not publishing.may_propose(user, case):
        return ""
    found = _LIVE_ARTICLE(case.pk)
    if found:
        live = found[0]
        said = (_("Jawaban ini sudah terbit sebagai artikel.") if live.status == Status.PUBLISHED
                else _("Jawaban ini sudah diusulkan dan menunggu persetujuan."))
        body = format_html(
            '<p class="mb-2">{}</p>\n      <a class="btn btn-sm btn-outline-primary" href="{}">{}</a>',
            said, reverse("knowledge:editor", kwargs={"pk": live.pk}), _("Buka artikel"),
        )
    else:
        body = format_html(
            '<p class="small text-body-secondary">{}</p>\n      <form method="post" action="{}">\n        '
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">\n        '
            '<button type="submit" class="btn btn-outline-primary">{}</button>\n      </form>',
            _("Jawaban yang sudah dikirim dapat diterbitkan tanpa identitas pemohon, agar pertanyaan yang sama "
              "terjawab sebelum diajukan."),
            reverse("knowledge:propose", kwargs={"number": case.number}), get_token(request),
            _("Usulkan untuk basis pengetahuan"),
        )
    return format_html(
        '<section class="card mb-4" id="basis-pengetahuan" aria-labelledby="judul-basis-pengetahuan">\n'
        '  <div class="card-body">\n    <h2 class="h6 card-title" id="judul-basis-pengetahuan">{}</h2>\n    {}\n'
        '    <p class="small mt-2 mb-0"><a href="{}">{}</a></p>\n  </div>\n</section>\n',
        _("Basis pengetahuan"), body, reverse("knowledge:proposals"), _("Usulan artikel direktorat"),
    )


# --- views ---------------------------------------------------------------------------------


@roles(CASEWORKER_ROLES)
@require_POST
def propose(request: HttpRequest, number: str) -> HttpResponse:
    case = selectors.consultation_for(request.user, number=number)
    try:
        article = publishing.propose(actor=request.user, consultation=case)
    except (ValidationError, InvalidTransition) as refused:
        message = refused.messages[0] if isinstance(refused, ValidationError) else _(
            "Jawaban konsultasi ini belum dikirim kepada pemohon."
        )
        messages.error(request, message)
        return redirect("consultations:staff_detail", number=case.number)
    messages.success(request, _("Jawaban diusulkan untuk basis pengetahuan. Samarkan data pemohon sebelum disetujui."))
    return redirect("knowledge:editor", pk=article.pk)


@roles(CASEWORKER_ROLES)
def editor(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_for(request.user, pk)
    known = publishing.known_of(article.source_consultation)
    findings = publishing.article_flags(article, known)
    editable = article.status == Status.PROPOSED
    form = EditorForm(
        request.POST if request.method == "POST" and editable else None,
        findings=findings,
        initial={name: getattr(article, name) for name in (*publishing.TEXT_FIELDS, "category")},
    )
    if form.is_bound and form.is_valid():
        texts = form.cleaned_data["texts"]
        try:
            publishing.edit(
                actor=request.user, article=article, category=form.cleaned_data["category"],
                kept=form.cleaned_data["kept"], **texts,
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        except InvalidTransition:
            messages.error(request, _("Artikel ini tidak dapat disunting lagi."))
            return redirect("knowledge:editor", pk=article.pk)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("knowledge:editor", pk=article.pk)
    by_field = {name: [item for item in findings if item.field == name] for name in publishing.TEXT_FIELDS}
    context = {
        "article": article,
        "form": form,
        "editable": editable,
        "previews": [
            (name, form.fields[name].label, highlighted(getattr(article, name), by_field[name]))
            for name in publishing.TEXT_FIELDS
        ],
        "unresolved": [item for item in findings if not item.kept],
        "may_approve": editable and publishing.may_approve(request.user, article),
        "may_withdraw": article.status in (Status.PROPOSED, Status.PUBLISHED)
        and publishing.may_withdraw(request.user, article),
    }
    return render(request, "knowledge/editorial/editor.html", context)


@roles(CASEWORKER_ROLES)
def proposals(request: HttpRequest) -> HttpResponse:
    """"Usulan artikel": the directorate's proposals, and what it published lately."""
    user = request.user
    mine = Article.objects.filter(source_consultation__directorate_id=user.directorate_id).select_related(
        "category", "proposed_by", "source_consultation"
    )
    proposed = list(mine.filter(status=Status.PROPOSED).order_by("proposed_at", "pk"))
    for article in proposed:
        article.open_flags = len(publishing.unresolved(article))
    context = {
        "proposed": proposed,
        "published": list(mine.filter(status=Status.PUBLISHED).order_by("-published_at")[:RECENT_PUBLISHED]),
        "is_lead": user.role in LEAD_ROLES,
    }
    return render(request, "knowledge/editorial/proposals.html", context)


@roles(LEAD_ROLES)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_for(request.user, pk)
    try:
        publishing.approve(actor=request.user, article=article)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        return redirect("knowledge:editor", pk=article.pk)
    except InvalidTransition:
        messages.error(request, _("Artikel ini tidak lagi menunggu persetujuan."))
        return redirect("knowledge:proposals")
    messages.success(request, _("Artikel diterbitkan di basis pengetahuan."))
    return redirect("knowledge:proposals")


@roles(LEAD_ROLES)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article_for(request.user, pk)
    try:
        publishing.withdraw(actor=request.user, article=article)
    except InvalidTransition:
        messages.error(request, _("Artikel ini sudah ditarik."))
    else:
        messages.success(request, _("Artikel ditarik dari basis pengetahuan."))
    return redirect("knowledge:proposals")

