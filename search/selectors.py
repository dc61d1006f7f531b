"""Reads of the staff search: the only module that queries ``search_entry``'s index.

**Access is the case rule.** Every query starts from :func:`scoped`: the rows of the
consultations ``consultations.selectors.visible_cases`` gives the user (the one rule,
``policies.case_scope``) and of the complaints ``complaints.policies.visible_complaints``
gives them — the same querysets the case pages and the complaints desk open a row
through, so a result is never a page that answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from complaints.models import Complaint
from complaints.policies import visible_complaints
from consultations.models import Consultation
from consultations.selectors import visible_cases
from consultations.workflow import Status
from knowledge import synonyms as synonym_store
from knowledge.fts import python_snippet

from .models import Entry, Kind
from .query import Terms

TITLE_WEIGHT, BODY_WEIGHT, EXTRA_WEIGHT = 10.0, 4.0, 1.0
SNIPPET_WORDS = 30
_MARK_ON, _MARK_OFF = "\ue000", "\ue001"


@dataclass(frozen=True)
class Filters:
    """The page's filters, already valid (``forms.SearchForm``); empty means any."""

    channel: str = ""  # a consultation channel, or "complaint"
    directorate_id: int | None = None
    status: str = ""
    year: int | None = None
    category_id: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.channel == Kind.COMPLAINT:
            q &= Q(kind=Kind.COMPLAINT)
        elif self.channel:
            q &= Q(kind=Kind.CONSULTATION, channel=self.channel)
        if self.directorate_id:
            q &= Q(directorate_id=self.directorate_id)
        if self.status:
            q &= Q(status=self.status)
        if self.year:
            q &= Q(year=self.year)
        if self.category_id:
            q &= Q(category_id=self.category_id)
        return q


@dataclass
class Result:
    entry: Entry
    rank: float
    consultation: Consultation | None = None
    complaint: Complaint | None = None
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))


def scoped(user) -> QuerySet[Entry]:
    """The rows of the cases and complaints ``user`` may open (see the module)."""
    # EXISTS, not IN: PostgreSQL probes the case's primary key for each matching row
    # instead of hashing every case of a directorate (a third of a million at size).
    cases = visible_cases(user).filter(pk=OuterRef("consultation_id"))
    complaints = visible_complaints(user).filter(pk=OuterRef("complaint_id"))
    return Entry.objects.filter(
        Q(kind=Kind.CONSULTATION) & Exists(cases) | Q(kind=Kind.COMPLAINT) & Exists(complaints)
    )


def matching(entries: QuerySet[Entry], terms: Terms, mode: str = "and", *, prefix: bool = True) -> QuerySet[Entry]:
    """``entries`` that match ``terms``, with their ``rank`` (higher is better), best first."""
    if connection.vendor == "postgresql":
        tsquery = terms.tsquery(mode, prefix=prefix)
        where = RawSQL(
            "\"search_entry\".\"vector\" @@ to_tsquery('indonesian'::regconfig, %s)", [tsquery],
            output_field=BooleanField(),
        )
        # ts_rank as the knowledge base (ADR 0013: cover density ranks OR queries worse);
        # normalisation 1: a long case (many messages) does not outrank a short one by length.
        rank = RawSQL(
            "ts_rank(\"search_entry\".\"vector\", to_tsquery('indonesian'::regconfig, %s), 1)", [tsquery],
            output_field=FloatField(),
        )
    else:
        match = terms.match(mode, prefix=prefix)
        where = RawSQL(
            "\"search_entry\".\"id\" IN (SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)",
            [match], output_field=BooleanField(),
        )
        rank = RawSQL(
            f"(SELECT -bm25(search_entry_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, {EXTRA_WEIGHT}) FROM search_entry_fts"
            " WHERE search_entry_fts MATCH %s AND search_entry_fts.rowid = \"search_entry\".\"id\")",
            [match], output_field=FloatField(),
        )
    return entries.filter(where).annotate(rank=rank).order_by("-rank", "-id")


def search(user, terms: Terms, filters: Filters = Filters(), mode: str = "and") -> QuerySet[Entry]:  # noqa: B008
    """What the page paginates: the user's matching rows, best first."""
    return matching(scoped(user).filter(filters.q()), terms, mode)


def results(entries: list[Entry], terms: Terms) -> list[Result]:
    """One page's rows with their cases, complaints and snippets: three queries at most
    (the cases, the complaints, PostgreSQL's headlines), whatever the page's length."""
    case_ids = [e.consultation_id for e in entries if e.consultation_id]
    complaint_ids = [e.complaint_id for e in entries if e.complaint_id]
    cases = (
        Consultation.objects.select_related("directorate", "category").in_bulk(case_ids) if case_ids else {}
    )
    complaints = Complaint.objects.select_related("directorate").in_bulk(complaint_ids) if complaint_ids else {}
    snippets = _snippets(entries, terms)
    return [
        Result(
            entry=e, rank=getattr(e, "rank", 0.0), consultation=cases.get(e.consultation_id),
            complaint=complaints.get(e.complaint_id), snippet=snippets.get(e.pk, mark_safe("")),
        )
        for e in entries
        if cases.get(e.consultation_id) or complaints.get(e.complaint_id)
    ]


def _snippets(entries: list[Entry], terms: Terms) -> dict[int, SafeString]:
    if not entries or not terms:
        return {}
    if connection.vendor == "postgresql":
        options = f"StartSel={_MARK_ON}, StopSel={_MARK_OFF}, MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=2"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id, ts_headline('indonesian'::regconfig,"
                " replace(replace(e.body || ' ' || e.extra, %s, ''), %s, ''),"
                " to_tsquery('indonesian'::regconfig, %s), %s)"
                " FROM search_entry e WHERE e.id = ANY(%s)",
                [_MARK_ON, _MARK_OFF, terms.tsquery("or"), options, [e.pk for e in entries]],
            )
            return {pk: _marked_html(text) for pk, text in cursor.fetchall()}
    synonyms = synonym_store.current()
    wanted = terms.highlight_terms()
    # The entry's own text (no query): SQLite's snippet() would show the stemmed words.
    return {e.pk: python_snippet(f"{e.body} {e.extra}", wanted, synonyms, words=SNIPPET_WORDS) for e in entries}


def _marked_html(text: str) -> SafeString:
    html = escape(text).replace(_MARK_ON, "<mark>").replace(_MARK_OFF, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own marks are HTML


def similar_cases(user, case: Consultation, terms: Terms, *, limit: int = 5) -> list[Consultation]:
    """The answered (delivered) cases most like ``case`` that ``user`` may open: any of
    its significant words, ranked; never the case itself."""
    if not terms:
        return []
    entries = scoped(user).filter(kind=Kind.CONSULTATION, status=Status.DELIVERED).exclude(consultation_id=case.pk)
    ids = list(matching(entries, terms, "or", prefix=False).values_list("consultation_id", flat=True)[:limit])
    found = Consultation.objects.select_related("category").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
