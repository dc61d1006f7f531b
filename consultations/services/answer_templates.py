"""Answer templates' transitions: a lead writes, edits, retires and restores their
directorate's passages; whoever may write a case's answer inserts one (a use, counted).

Who keeps templates: the Director and the team leads (``LEAD_ROLES``) of the template's
directorate — one keeps only one's own directorate's passages. Who uses one: a person
who may write the answer of the case now (``policies.case_access``: the answer or the
letter draft), on a case of the template's directorate and category (a letter has no
category: every category's passages of its directorate are offered).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import LEAD_ROLES
from consultations import policies
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import AnswerTemplate, Category, Consultation
from consultations.workflow import Step

__all__ = [
    "appended",
    "create_template",
    "deactivate_template",
    "may_keep",
    "may_keep_templates",
    "reactivate_template",
    "update_template",
    "use_template",
]

# The steps whose text a template goes into: the website's answer, a letter's draft.
DRAFTING_STEPS = frozenset({Step.SEND_ANSWER, Step.WRITE_DRAFT})


def may_keep_templates(user) -> bool:
    """A Director or team lead, active, of a directorate."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and user.is_active
        and user.role in LEAD_ROLES and user.directorate_id is not None
    )


def may_keep(user, template: AnswerTemplate) -> bool:
    return may_keep_templates(user) and user.directorate_id == template.directorate_id


def may_use(user, template: AnswerTemplate, case: Consultation) -> bool:
    """Whoever may write the case's answer now, with a template of its directorate and
    category (any category for a case without one: a letter). The page offers no other."""
    return (
        template.directorate_id == case.directorate_id
        and case.category_id in (None, template.category_id)
        and bool(policies.case_access(user, case).actions & DRAFTING_STEPS)
    )


def appended(typed: str, passage: str) -> str:
    """``passage`` after what was typed, a blank line between: nothing typed is lost."""
    kept = (typed or "").rstrip()
    return f"{kept}\n\n{passage}" if kept else passage


def _check_text(*, category: Category, title: str, body: str, moved: bool = True) -> None:
    errors = {}
    if moved and not category.is_active:
        errors["category"] = _("Kategori ini tidak aktif lagi; pilih kategori lain.")
    if not title.strip():
        errors["title"] = _("Tulis judul templat.")
    if not body.strip():
        errors["body"] = _("Tulis isi templat.")
    if errors:
        raise ValidationError(errors)


def _locked(template: AnswerTemplate) -> AnswerTemplate:
    return AnswerTemplate.objects.select_for_update().get(pk=template.pk)


def _sync(target: AnswerTemplate, source: AnswerTemplate) -> None:
    """The caller's object shows what was saved."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


@transaction.atomic
def create_template(
    *, actor: User, category: Category, title: str, body: str, regulations: str = "", now: datetime | None = None
) -> AnswerTemplate:
    """A new passage of the actor's own directorate."""
    if not may_keep_templates(actor):
        raise NotAllowed(_("Hanya Direktur dan Ketua Tim Kerja yang mengelola templat jawaban."))
    _check_text(category=category, title=title, body=body)
    now = now or timezone.now()
    return AnswerTemplate.objects.create(
        directorate_id=actor.directorate_id, category=category, title=title.strip(), body=body.strip(),
        regulations=regulations.strip(), created_by=actor, created_at=now, updated_by=actor, updated_at=now,
    )


@transaction.atomic
def update_template(
    *,
    template: AnswerTemplate,
    actor: User,
    category: Category,
    title: str,
    body: str,
    regulations: str = "",
    now: datetime | None = None,
) -> AnswerTemplate:
    """A new text for an active template (a retired one is restored first). The count of
    uses stays: the passage is the same opinion, better worded."""
    if not may_keep(actor, template):
        raise NotAllowed(_("Templat ini milik direktorat lain."))
    row = _locked(template)
    if not row.is_active:
        raise InvalidTransition("inactive", action="update_template")
    # A category retired since keeps its templates editable; moving one into it is refused.
    _check_text(category=category, title=title, body=body, moved=category.pk != row.category_id)
    row.category, row.title, row.body, row.regulations = category, title.strip(), body.strip(), regulations.strip()
    row.updated_by, row.updated_at = actor, now or timezone.now()
    row.save(update_fields=["category", "title", "body", "regulations", "updated_by", "updated_at"])
    _sync(template, row)
    return template


def _set_active(template: AnswerTemplate, actor: User, *, active: bool, now: datetime | None) -> AnswerTemplate:
    if not may_keep(actor, template):
        raise NotAllowed(_("Templat ini milik direktorat lain."))
    row = _locked(template)
    if row.is_active == active:
        raise InvalidTransition("active" if row.is_active else "inactive", action="reactivate" if active else "deactivate")
    row.is_active, row.updated_by, row.updated_at = active, actor, now or timezone.now()
    row.save(update_fields=["is_active", "updated_by", "updated_at"])
    _sync(template, row)
    return template


@transaction.atomic
def deactivate_template(*, template: AnswerTemplate, actor: User, now: datetime | None = None) -> AnswerTemplate:
    """Retire a passage: no longer offered on case pages; kept, with its count."""
    return _set_active(template, actor, active=False, now=now)


@transaction.atomic
def reactivate_template(*, template: AnswerTemplate, actor: User, now: datetime | None = None) -> AnswerTemplate:
    """Offer a retired passage again."""
    return _set_active(template, actor, active=True, now=now)


@transaction.atomic
def use_template(
    *, actor: User, template: AnswerTemplate, consultation: Consultation, now: datetime | None = None
) -> str:
    """One insertion of ``template`` into a draft of ``consultation``: counts a use (an
    ``F()`` update, so two people inserting at once count two) and returns the text to
    insert (the passage and its citations)."""
    if not may_use(actor, template, consultation):
        raise NotAllowed(_("Templat ini tidak dapat dipakai pada konsultasi ini."))
    counted = AnswerTemplate.objects.filter(pk=template.pk, is_active=True).update(
        use_count=F("use_count") + 1, last_used_at=now or timezone.now()
    )
    if not counted:
        raise InvalidTransition("inactive", action="use_template")
    template.refresh_from_db(fields=["use_count", "last_used_at", "title", "body", "regulations", "is_active"])
    return template.insertion
