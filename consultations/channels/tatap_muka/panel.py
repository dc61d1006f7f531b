"""The walk-in channel on the staff case page: the visit (checklist, identity document
type and last four characters, registration, acceptance, hand-offs), the forms of the
steps the user may take now, and the advice recorded. The page includes
``tatap_muka/_panel.html`` with what :func:`panel` returns added to its context; the
POST views are ``views``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.models import User
from consultations import policies
from consultations.channels import Channel
from consultations.models import Consultation, GuestHandoff, WalkIn
from consultations.views import case_rows
from consultations.views.case_html import answers_html, case_url, display
from consultations.workflow import Step
from core.field_html import e
from core.prepared import Prepared
from core.time import format_wib

from . import selectors as walk_in_selectors
from .forms import AdviceForm, HandOffForm, MoreTimeForm

# The records the page reads for this panel besides the history, the notes and the
# files (views/case_rows): the visit, the advice recorded (answers) and the hand-offs; a walk-in has
# no messages.
RECORDS = ("visit", "answers", "handoffs")


def visit_html(case, visit, requirements) -> SafeString:
    """The visit's card: registration (with the form's code, or on paper), the identity
    document, the checklist, a reason for outside the desk's hours, acceptance, more time."""
    term = '<dt class="col-sm-4">{}</dt><dd class="col-sm-8">{}</dd>'
    source = f" · {e(_('kode'))} {e(visit.form.code)}" if visit.form_id else f" · {e(_('formulir kertas'))}"
    tick = '<span class="text-success" aria-hidden="true">✔</span>'
    ticks = "<br>".join(f"{tick if met else ''} {e(item.label)}" for item, met in requirements)
    accepted = (f"{e(format_wib(visit.accepted_at))} · {e(visit.accepted_by.full_name)}" if visit.accepted_at
                else e(_("belum")))
    rows = [
        term.format(e(_("Didaftarkan")), f"{e(format_wib(visit.registered_at))} · {e(visit.registered_by.full_name)}{source}"),
        term.format(e(_("Tanda pengenal")), f"{e(display(visit, 'id_document_type'))} ····{e(visit.id_number_last4)}"),
        term.format(e(_("Persyaratan")), ticks),
    ]
    if visit.outside_hours_reason:
        rows.append(term.format(e(_("Di luar jam layanan")), e(visit.outside_hours_reason)))
    rows.append(term.format(e(_("Diterima petugas")), accepted))
    if visit.more_time_reason:
        rows.append(term.format(e(_("Memerlukan waktu lebih")), e(visit.more_time_reason)))
    return mark_safe(  # noqa: S308 - every value escaped
        f'<div class="card"><div class="card-body"><dl class="row mb-0">{"".join(rows)}</dl><p class="mt-2 mb-0">'
        f'<a href="{e(case_url("consultations:visit_receipt", case.number))}">{e(_("Tanda terima untuk tamu"))}</a>'
        f"</p></div></div>"
    )


# ``selectors.walk_in_of`` and ``selectors.handoffs_of``, prepared (core.prepared).
# (Who registered and who accepted the guest: from the page's records, ``case_rows.attach_people``.)
_VISIT = Prepared(lambda case_id: WalkIn.objects.filter(consultation_id=case_id).select_related("form").order_by())
_HANDOFFS = Prepared(
    lambda case_id: GuestHandoff.objects.filter(consultation_id=case_id).select_related("from_user", "to_user")
)


def handoffs_html(handoffs) -> SafeString:
    """Who handed the guest to whom, when, and why; oldest first."""
    items = "".join(
        f"<li>{e(format_wib(item.at))}: {e(item.from_user.full_name)} → <strong>{e(item.to_user.full_name)}</strong>"
        f"{f' — {e(item.reason)}' if item.reason else ''}</li>"
        for item in handoffs
    )
    return mark_safe(f'<ol class="list-unstyled mt-2 small">{items}</ol>')  # noqa: S308 - every value escaped


def panel(request, case, access, bound: dict, page: dict) -> dict:
    """What the panel's template reads besides the page's own context."""
    return {
        "walk_in": walk_in_panel(request.user, case, access, bound, rows=getattr(page["records"], "rows", None)),
        "answers_html": answers_html(request, case, page["records"].answers, staff=True, dropped=page["dropped"]),
    }


def walk_in_panel(user: User, case: Consultation, access: policies.CaseAccess, bound: dict, rows=None) -> dict | None:
    """``rows``: the page's records (views/case_rows), with the hand-offs when it read them."""
    if case.channel != Channel.TATAP_MUKA:
        return None
    found = rows.visit if rows is not None and "visit" in rows.kinds else _VISIT(case.pk)
    if not found:
        return None
    visit = found[0]
    case_rows.attach_people(rows, [(visit, "registered_by"), (visit, "accepted_by")])
    forms: dict = {}
    if Step.HAND_OFF in access:
        candidates = [u for u in walk_in_selectors.on_duty_for(case.category, now=timezone.now()) if u.pk != case.assignee_id]
        forms["passing"] = case.assignee_id == user.pk
        forms["hand_off"] = bound.get("hand_off") or HandOffForm(
            prefix="serah", candidates=candidates, passing=forms["passing"]
        )
    if Step.ACCEPT_GUEST in access and visit.accepted_at is None:
        forms["accept"] = True
    if Step.NEED_MORE_TIME in access and not visit.more_time_reason:
        forms["more_time"] = bound.get("more_time") or MoreTimeForm(prefix="waktu")
    if Step.RECORD_ADVICE in access:
        # Advice follows acceptance (services.record_advice); a refused form stays shown.
        if visit.accepted_at is not None or bound.get("advice"):
            forms["advice"] = bound.get("advice") or AdviceForm(prefix="saran")
        else:
            forms["advice_after_accept"] = True
    handoffs = rows.handoffs if rows is not None and "handoffs" in rows.kinds else _HANDOFFS(case.pk)
    requirements = [(item, visit.checklist.get(item.key)) for item in case.channel_spec.requirements]
    return {
        "visit": visit,
        "visit_html": visit_html(case, visit, requirements),
        "handoffs": handoffs,
        "handoffs_html": handoffs_html(handoffs) if handoffs else "",
        "requirements": requirements,
        "forms": forms,
    }
