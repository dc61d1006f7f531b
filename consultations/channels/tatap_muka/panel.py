"""The walk-in channel on the staff case page: the visit (checklist, identity document
type and last four characters, registration, acceptance, hand-offs), the forms of the
steps the user may take now, and the advice recorded. The page includes
``tatap_muka/_panel.html`` with what :func:`panel` returns added to its context; the
POST views are ``views``."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from consultations import policies
from consultations.channels import Channel
from consultations.models import Consultation
from consultations.workflow import Step

from . import selectors as walk_in_selectors
from .forms import AdviceForm, HandOffForm, MoreTimeForm


def panel(request, case, access, bound: dict, page: dict) -> dict:
    """What the panel's template reads besides the page's own context."""
    return {"walk_in": walk_in_panel(request.user, case, access, bound)}


def walk_in_panel(user: User, case: Consultation, access: policies.CaseAccess, bound: dict) -> dict | None:
    if case.channel != Channel.TATAP_MUKA:
        return None
    visit = walk_in_selectors.walk_in_of(consultation=case)
    if visit is None:
        return None
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
    return {
        "visit": visit,
        "handoffs": walk_in_selectors.handoffs_of(consultation=case),
        "requirements": [(item, visit.checklist.get(item.key)) for item in case.channel_spec.requirements],
        "forms": forms,
    }
