"""What the staff case page shows of a walk-in: the visit (checklist, identity document
type and last four characters, registration, acceptance, hand-offs) and the forms of the
steps the user may take now. The POST views are ``views.walk_ins``."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from consultations import policies
from consultations.channels import Channel
from consultations.forms import AdviceForm, HandOffForm, MoreTimeForm
from consultations.models import Consultation, GuestHandoff, WalkIn
from consultations.services import walk_ins
from consultations.workflow import Step


def walk_in_panel(user: User, case: Consultation, access: policies.CaseAccess, bound: dict) -> dict | None:
    if case.channel != Channel.TATAP_MUKA:
        return None
    visit = WalkIn.objects.select_related("registered_by", "accepted_by", "form").filter(consultation=case).first()
    if visit is None:
        return None
    forms: dict = {}
    if Step.HAND_OFF in access:
        candidates = [u for u in walk_ins.on_duty_for(case.category, now=timezone.now()) if u.pk != case.assignee_id]
        forms["hand_off"] = bound.get("hand_off") or HandOffForm(prefix="serah", candidates=candidates)
        forms["passing"] = case.assignee_id == user.pk
    if Step.ACCEPT_GUEST in access and visit.accepted_at is None:
        forms["accept"] = True
    if Step.NEED_MORE_TIME in access and not visit.more_time_reason:
        forms["more_time"] = bound.get("more_time") or MoreTimeForm(prefix="waktu")
    if Step.RECORD_ADVICE in access:
        forms["advice"] = bound.get("advice") or AdviceForm(prefix="saran")
    return {
        "visit": visit,
        "handoffs": list(GuestHandoff.objects.filter(consultation=case).select_related("from_user", "to_user")),
        "requirements": [(item, visit.checklist.get(item.key)) for item in case.channel_spec.requirements],
        "forms": forms,
    }
