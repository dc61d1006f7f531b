"""The walk-in channel on the staff case page: the visit (checklist, identity document
type and last four characters, registration, acceptance, hand-offs), the forms of the
steps the user may take now, and the advice recorded. The page includes
``tatap_muka/_panel.html`` with what :func:`panel` returns added to its context; the
POST views are ``views``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from consultations import policies
from consultations.channels import Channel
from consultations.models import Consultation, GuestHandoff, WalkIn
from consultations.views.case_html import answers_html
from consultations.workflow import Step
from core.field_html import e
from core.prepared import Prepared
from core.time import format_wib

from . import selectors as walk_in_selectors
from .forms import AdviceForm, HandOffForm, MoreTimeForm

# The records the page reads for this panel besides the history, the notes and the
# files: the advice recorded (answers); a walk-in has no messages.
RECORDS = ("answers",)


# ``selectors.walk_in_of`` and ``selectors.handoffs_of``, prepared (core.prepared).
_VISIT = Prepared(
    lambda case_id: WalkIn.objects.filter(consultation_id=case_id)
    .select_related("registered_by", "accepted_by", "form").order_by()
)
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
        "walk_in": walk_in_panel(request.user, case, access, bound),
        "answers_html": answers_html(request, case, page["records"].answers, staff=True, dropped=page["dropped"]),
    }


def walk_in_panel(user: User, case: Consultation, access: policies.CaseAccess, bound: dict) -> dict | None:
    if case.channel != Channel.TATAP_MUKA:
        return None
    found = _VISIT(case.pk)
    if not found:
        return None
    visit = found[0]
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
    handoffs = _HANDOFFS(case.pk)
    return {
        "visit": visit,
        "handoffs": handoffs,
        "handoffs_html": handoffs_html(handoffs) if handoffs else "",
        "requirements": [(item, visit.checklist.get(item.key)) for item in case.channel_spec.requirements],
        "forms": forms,
    }
