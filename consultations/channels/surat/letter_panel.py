"""What the staff case page shows of a letter: its facts, the checklist, the
dispositions, every draft with its verdicts, and the forms of the steps the user may
take now (``policies.case_access``). The POST views are ``views.letters``."""

from __future__ import annotations

from collections import defaultdict

from accounts import lookups as directorate_lookups
from accounts.models import Role, User
from accounts.roles import CASEWORKER_ROLES
from consultations import policies
from consultations.channels import Channel
from consultations.models import AnswerDraft, Attachment, Consultation, Disposition, DraftReview, IncomingLetter
from consultations.views import case_rows
from consultations.workflow import Step
from core.prepared import Prepared, set_prefetched

from . import drafting, panel_html
from . import selectors as letter_selectors
from . import services as letters
from .forms import ChecklistForm, DisposeForm, DraftForm, ReviewForm


def disposition_candidates(user: User, case: Consultation) -> list[User]:
    people = User.objects.in_directorate(case.directorate).filter(role__in=CASEWORKER_ROLES).order_by("full_name")
    return [person for person in people if letters.can_dispose_to(user, case, person)]


# The letter's scan: only what the page shows of it (its name and size). Its people come
# from the page's records (``case_rows.attach_people``).
LETTER_RELATED = ("scan",)
LETTER_SHOWN = ("scan__original_name", "scan__size")
LETTER_PEOPLE = ("registered_by", "checked_by", "received_by")


def fields_of(model, prefix: str = "") -> list[str]:
    """Every column of ``model``, as ``only()`` names them from a query ``prefix`` away."""
    return [f"{prefix}{field.name}" for field in model._meta.concrete_fields]


_LETTER = Prepared(
    lambda case_id: IncomingLetter.objects.filter(consultation_id=case_id)
    .select_related(*LETTER_RELATED).only(*fields_of(IncomingLetter), *LETTER_SHOWN).order_by()
)
_DRAFTS = Prepared(
    lambda case_id: AnswerDraft.objects.filter(consultation_id=case_id).select_related("author", "letter")
)
_REVIEWS = Prepared(
    lambda case_id: DraftReview.objects.filter(draft__consultation_id=case_id).select_related("reviewer")
)
_DISPOSITIONS = Prepared(
    lambda case_id: Disposition.objects.filter(consultation_id=case_id).select_related("from_user", "to_user")
)


def letter_of_case(case: Consultation, rows=None) -> IncomingLetter | None:
    """The case's letter with its scan and the people who registered, checked and
    received it, or None. ``rows``: the page's records, with the letter when the page
    read it, its scan among the case's files, and the people they name."""
    if rows is not None and "letter" in rows.kinds:
        found = rows.letter
        if found:
            scan = next((file for file in rows.files if file.pk == found[0].scan_id), None)
            if scan is not None:
                found[0].scan = scan
    else:
        found = _LETTER(case.pk)
    if not found:
        return None
    letter = found[0]
    letter.consultation = case  # the page's own case: no second read of it
    case_rows.attach_people(rows, [(letter, name) for name in LETTER_PEOPLE])
    return letter


def drafts_of(case: Consultation, files: dict[int, list] | None = None, rows=None) -> list[AnswerDraft]:
    """The drafts, oldest first, with their authors, the answer letter issued from one of
    them (``draft.letter``), their reviews with the reviewers (``draft.shown_reviews``, and
    the latest's ``draft.reviews.all()``: two queries in all), and their enclosures (``draft.shown_files``: from ``files``, the
    page's files by draft, or read here when the page has none). ``rows``: the page's
    records (views/case_rows) with the drafts, the answer letter and the reviews."""
    read = rows.kinds if rows is not None else frozenset()
    if "drafts" in read and "answer_letter" in read:
        drafts = rows.drafts
        issued = {letter.draft_id: letter for letter in rows.answer_letter}
        for draft in drafts:  # ``draft.letter`` as select_related("letter") would leave it
            AnswerDraft.letter.related.set_cached_value(draft, issued.get(draft.pk))
    else:
        drafts = _DRAFTS(case.pk)
    if not drafts:
        return []
    reviews = rows.reviews if "reviews" in read else None
    by_draft: dict[int, list[DraftReview]] = defaultdict(list)
    for review in reviews if reviews is not None else _REVIEWS(case.pk):
        by_draft[review.draft_id].append(review)
    if files is None:
        files = defaultdict(list)
        for attachment in Attachment.objects.filter(draft__in=drafts).order_by("uploaded_at", "id"):
            files[attachment.draft_id].append(attachment)
    for draft in drafts:
        draft.shown_reviews = by_draft.get(draft.pk, [])
        draft.shown_files = files.get(draft.pk, [])
    # The latest's verdicts as ``reviews.all()`` too: its state reads them (``drafting.draft_state``).
    set_prefetched(drafts[-1], "reviews", drafts[-1].shown_reviews)
    return drafts


def letter_panel(
    user: User,
    case: Consultation,
    access: policies.CaseAccess,
    bound: dict,
    *,
    letter: IncomingLetter | None | bool = False,
    files: dict[int, list] | None = None,
    rows=None,
    answer_templates=(),
    dropped=(),
) -> dict | None:
    """The letter, its checklist, dispositions, drafts and the forms the user may use now.
    ``letter``: the case's letter if the caller read it already (None: it has none);
    ``files``: the page's files by draft and ``rows`` its other records (``case_page.records_for``:
    the dispositions and reviews, when it read them). ``section``: the panel's HTML
    (``panel_html.letter_section``, with ``answer_templates`` and ``dropped``, the page's)."""
    if case.channel not in (Channel.SURAT, Channel.DARING):
        return None
    if letter is False:
        letter = letter_of_case(case, rows)
    if letter is None:
        return None
    # A letter is answered by drafts and an answer letter; an invitation by a meeting.
    answered_by_letter = case.channel == Channel.SURAT
    read = rows.kinds if rows is not None else frozenset()
    drafts = drafts_of(case, files, rows) if answered_by_letter else []
    latest = drafts[-1] if drafts else None
    state = drafting.draft_state(latest)
    forms: dict = {}
    if Step.CHECK_LETTER in access and not letter.is_checked:
        forms["check"] = bound.get("check") or ChecklistForm(
            prefix="periksa", requirements=letter_selectors.letter_requirements(letter),
            directorates=list(directorate_lookups.directorates()),
        )
    if Step.RECEIVE in access and letter.is_complete and not letter.is_received:
        forms["receive"] = True
    dispositions = rows.dispositions if "dispositions" in read else _DISPOSITIONS(case.pk)
    if Step.DISPOSE in access:
        # A further disposition starts from the urgency and classification already given.
        initial = (
            {"urgency": dispositions[-1].urgency, "classification": dispositions[-1].classification}
            if dispositions else {}
        )
        forms["dispose"] = bound.get("dispose") or DisposeForm(
            prefix="disposisi", candidates=disposition_candidates(user, case), initial=initial
        )
    if Step.WRITE_DRAFT in access and state != drafting.DraftState.APPROVED:
        initial = {"kinds": latest.kinds, "body": latest.body} if latest else {}
        forms["draft"] = bound.get("draft") or DraftForm(prefix="konsep", initial=initial)
    if latest is not None and Step.REVIEW_DRAFT in access:
        expected = {
            drafting.DraftState.AWAITING_LEAD: Role.TEAM_LEAD,
            drafting.DraftState.AWAITING_DIRECTOR: Role.DIRECTOR,
        }.get(state)
        if expected == user.role:
            forms["review"] = bound.get("review") or ReviewForm(prefix="telaah", director=user.role == Role.DIRECTOR)
    if Step.ISSUE_ANSWER_LETTER in access and state == drafting.DraftState.APPROVED:
        forms["issue"] = True
    requirements = [(item, letter.checklist.get(item.key)) for item in letter_selectors.letter_requirements(letter)]
    answer_letter = next((draft.letter for draft in drafts if _issued(draft)), None)
    shown = {
        "letter": letter,
        "letter_html": panel_html.letter_html(case, letter, drafting=answered_by_letter),
        "requirements": requirements,
        "requirements_html": panel_html.requirements_html(letter, requirements) if letter.is_checked else "",
        "dispositions": dispositions,
        "dispositions_html": panel_html.dispositions_html(dispositions) if dispositions else "",
        "drafts": drafts,
        "drafts_html": panel_html.drafts_html(drafts, latest=latest, state=state) if drafts else "",
        "latest": latest,
        "state": state,
        "forms": forms,
        "answer_letter": answer_letter,
        "answer_letter_html": panel_html.answer_letter_html(case, answer_letter) if answer_letter else "",
        "drafting": answered_by_letter,
    }
    shown["section"] = panel_html.letter_section(case, shown, answer_templates=answer_templates, dropped=dropped)
    return shown


def _issued(draft: AnswerDraft) -> bool:
    """Whether the answer letter was issued from ``draft`` (read with it: no query)."""
    try:
        return draft.letter is not None
    except AnswerDraft.letter.RelatedObjectDoesNotExist:
        return False
