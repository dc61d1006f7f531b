"""The editorial workflow: a delivered answer becomes a public article (ADR 0013,
"Editorial workflow"). One function per transition (DESIGN.md, convention 1)::

    (delivered case) --propose--> PROPOSED --edit--> PROPOSED --approve--> PUBLISHED
                                  PROPOSED / PUBLISHED --withdraw--> WITHDRAWN

- :func:`propose`: staff of the case's directorate who may open the case, on a case whose
  output went out; the article is prefilled from the question and the delivered answer
  (never the applicant: the editor removes what :mod:`knowledge.redaction` flags).
- :func:`edit`: staff of that directorate, while proposed; the editor may keep a flag on
  purpose (a false alarm), one by one.
- :func:`approve`: a team lead or the Director of the source case's directorate; refused
  while a flag is neither removed nor kept.
- :func:`withdraw`: the same leads (for an imported article, which has no source case:
  any Director).

Every text write goes through :func:`knowledge.services.index_fields`, as imports do, so
the search index follows in the same statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApplicantProfile, User
from accounts.roles import Role
from consultations import policies
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import (
    Answer,
    AnswerKind,
    AnswerLetter,
    Category,
    Consultation,
    IncomingLetter,
    MeetingInvitation,
    MeetingReport,
)

from . import redaction
from .models import ANSWER_MAX, QUESTION_MAX, TITLE_MAX, Article, Status
from .services import index_fields, title_from_question, unique_slug

# The text fields an editor works on, in the order of the page.
TEXT_FIELDS = ("title", "question", "answer", "regulations")
FALLBACK_CATEGORY = "lainnya"

_REGULATION = re.compile(
    r"\b(?:Peraturan|Undang-Undang|Keputusan|Surat\s+Edaran|Instruksi|Perpres|Permen\w*|Perlem\w*|PP|UU)\b"
    r"[^,;:\n()]{0,80}?\b(?:Nomor|No\.)\s*[\w/.-]+(?:\s+Tahun\s+\d{4})?"
)


@dataclass(frozen=True)
class Delivered:
    """What went out to the applicant: the answer's text and its kinds."""

    text: str
    kinds: list[str]


@dataclass(frozen=True)
class FieldFlag:
    """A redaction finding in one of the article's text fields."""

    field: str
    flag: redaction.Flag
    kept: bool


# --- reads ----------------------------------------------------------------------------


def delivered_answer(case: Consultation) -> Delivered | None:
    """The output the case's applicant received, whatever the channel: the last written
    answer or advice (a correction replaces the answer), the issued letter's approved
    draft, the approved meeting report's advice. None before it went out."""
    if not case.output_sent:
        return None
    letter = AnswerLetter.objects.filter(consultation=case).select_related("draft").first()
    if letter is not None:
        return Delivered(letter.draft.body, list(letter.draft.kinds))
    report = MeetingReport.objects.filter(consultation=case, approved_at__isnull=False).first()
    if report is not None:
        return Delivered(report.advice, list(report.kinds))
    answer = Answer.objects.filter(consultation=case).order_by("-sent_at", "-id").first()
    if answer is not None:
        return Delivered(answer.text, list(answer.kinds))
    return None


def cited_regulations(text: str) -> str:
    """The regulations an answer cites ("Peraturan Presiden Nomor 16 Tahun 2018"), one a
    line, as the editor's starting point."""
    seen: dict[str, None] = {}
    for match in _REGULATION.finditer(text or ""):
        seen.setdefault(" ".join(match.group(0).split()).rstrip("."), None)
    return "\n".join(seen)


def known_of(case: Consultation | None) -> redaction.Known:
    """What the case says of its people, for :func:`redaction.flags`."""
    if case is None:
        return redaction.Known()
    names = [case.contact_name]
    emails = [case.contact_email]
    phones = [case.contact_phone]
    if case.applicant_id is not None:
        applicant = User.objects.filter(pk=case.applicant_id).only("full_name", "email").first()
        if applicant is not None:
            names.append(applicant.full_name)
            emails.append(applicant.email)
        phones += ApplicantProfile.objects.filter(user_id=case.applicant_id).values_list("phone", flat=True)
    for invitation in MeetingInvitation.objects.filter(consultation=case):
        names.append(invitation.pic_name)
        emails.append(invitation.pic_email)
        phones.append(invitation.pic_phone)
    letters = list(IncomingLetter.objects.filter(consultation=case).values_list("letter_number", flat=True))
    return redaction.Known(
        names=tuple(n for n in names if n),
        institutions=(case.institution_name,) if case.institution_name else (),
        emails=tuple(e for e in emails if e),
        phones=tuple(p for p in phones if p),
        packages=(case.procurement_package,) if case.procurement_package else (),
        letter_numbers=tuple(letters),
    )


def article_flags(article: Article, known: redaction.Known | None = None) -> list[FieldFlag]:
    """The redaction findings in the article's text fields, each marked kept or not."""
    known = known_of(article.source_consultation) if known is None else known
    kept = set(article.redaction_kept or [])
    return [
        FieldFlag(name, flag, flag.key in kept)
        for name in TEXT_FIELDS
        for flag in redaction.flags(getattr(article, name), known=known)
    ]


def unresolved(article: Article, known: redaction.Known | None = None) -> list[FieldFlag]:
    return [item for item in article_flags(article, known) if not item.kept]


# --- who may do what (pure: the objects' own fields) ----------------------------------------


def may_propose(user, case: Consultation) -> bool:
    """Staff of the case's directorate who may open it (``policies.case_scope``)."""
    return policies.can_view(user, case) and policies.is_caseworker_of(user, case)


def may_edit(user, article: Article) -> bool:
    case = article.source_consultation
    return case is not None and policies.is_caseworker_of(user, case)


def may_approve(user, article: Article) -> bool:
    """A team lead or the Director of the source case's directorate."""
    case = article.source_consultation
    return case is not None and policies.is_lead_of(user, case)


def may_withdraw(user, article: Article) -> bool:
    if article.source_consultation is None:  # imported: no directorate of its own
        return bool(user and user.is_active and getattr(user, "role", None) == Role.DIRECTOR)
    return may_approve(user, article)


# --- transitions ----------------------------------------------------------------------------


def _locked(article: Article) -> Article:
    # of=self: PostgreSQL locks no row of a nullable join (the source case).
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("source_consultation", "category")
        .get(pk=article.pk)
    )


def _require(article: Article, *statuses: Status, action: str) -> None:
    if article.status not in statuses:
        raise InvalidTransition(article.status, action=action)


@transaction.atomic
def propose(*, actor: User, consultation: Consultation) -> Article:
    """Propose the case's delivered answer for the knowledge base: a PROPOSED article with
    the case's subject (or the question's first sentence) as title, its question, the
    answer, the answer's kinds, the regulations it cites and its category."""
    case = Consultation.objects.select_for_update(of=("self",)).select_related("category").get(pk=consultation.pk)
    if not may_propose(actor, case):
        raise NotAllowed(_("Anda tidak berwenang mengusulkan jawaban konsultasi ini."))
    delivered = delivered_answer(case)
    if delivered is None or not delivered.text.strip():
        raise InvalidTransition(case.status, action="propose")
    live = Article.objects.filter(source_consultation=case, status__in=[Status.PROPOSED, Status.PUBLISHED])
    if live.exists():
        raise ValidationError(_("Jawaban konsultasi ini sudah diusulkan atau diterbitkan."), code="already_proposed")
    category = case.category or Category.objects.filter(code=FALLBACK_CATEGORY).first() or Category.objects.first()
    question = case.description.strip()[:QUESTION_MAX]
    title = (case.subject.strip() or title_from_question(question))[:TITLE_MAX]
    now = timezone.now()
    article = Article(
        title=title,
        slug=unique_slug(title),
        question=question,
        answer=delivered.text.strip()[:ANSWER_MAX],
        kinds=AnswerKind.in_order([k for k in delivered.kinds if k in AnswerKind.values]),
        regulations=cited_regulations(delivered.text),
        category=category,
        status=Status.PROPOSED,
        source_consultation=case,
        proposed_by=actor,
        proposed_at=now,
    )
    index_fields(article)
    article.save()
    return article


def _clean_text(name: str, value: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({name: _("Wajib diisi.")}, code="required")
    if len(value) > limit:
        raise ValidationError(
            {name: _("Paling banyak %(limit)d karakter.") % {"limit": limit}}, code="max_length"
        )
    return value


@transaction.atomic
def edit(
    *,
    actor: User,
    article: Article,
    title: str,
    question: str,
    answer: str,
    regulations: str,
    category: Category | None = None,
    kept: Iterable[str] = (),
) -> Article:
    """The editor's text, and the redaction findings kept on purpose (``kept``: their
    :attr:`redaction.Flag.key`; a key no longer found in the text is dropped)."""
    locked = _locked(article)
    if not may_edit(actor, locked):
        raise NotAllowed(_("Anda tidak berwenang menyunting artikel ini."))
    _require(locked, Status.PROPOSED, action="edit")
    locked.title = _clean_text("title", title, TITLE_MAX)
    locked.question = _clean_text("question", question, QUESTION_MAX)
    locked.answer = _clean_text("answer", answer, ANSWER_MAX)
    locked.regulations = _clean_text("regulations", regulations, 5_000, required=False)
    if category is not None:
        locked.category = category
    locked.slug = unique_slug(locked.title, exclude_id=locked.pk)
    wanted = set(kept)
    found = {item.flag.key for item in article_flags(locked)}
    locked.redaction_kept = sorted(wanted & found)
    index_fields(locked)
    locked.save()
    return locked


@transaction.atomic
def approve(*, actor: User, article: Article) -> Article:
    """Publish the proposal (``published_at`` now). Refused while a redaction finding is
    neither removed from the text nor kept by the editor."""
    locked = _locked(article)
    if not may_approve(actor, locked):
        raise NotAllowed(_("Hanya Ketua Tim Kerja atau Direktur direktorat ini yang dapat menyetujui artikel."))
    _require(locked, Status.PROPOSED, action="approve")
    remaining = unresolved(locked)
    if remaining:
        raise ValidationError(
            _("Masih ada %(count)d temuan penyamaran yang belum diganti atau dipertahankan: %(items)s.")
            % {"count": len(remaining), "items": ", ".join(f"“{item.flag.excerpt}”" for item in remaining[:5])},
            code="redaction_unresolved",
        )
    now = timezone.now()
    locked.status = Status.PUBLISHED
    locked.published_at = now
    locked.approved_by = actor
    locked.approved_at = now
    index_fields(locked)
    locked.save()
    return locked


@transaction.atomic
def withdraw(*, actor: User, article: Article) -> Article:
    """Take a proposal back, or a published article off the public pages."""
    locked = _locked(article)
    if not may_withdraw(actor, locked):
        raise NotAllowed(_("Anda tidak berwenang menarik artikel ini."))
    _require(locked, Status.PROPOSED, Status.PUBLISHED, action="withdraw")
    locked.status = Status.WITHDRAWN
    locked.withdrawn_by = actor
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "updated_at"])
    return locked
