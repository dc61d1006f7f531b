"""Reads of the staff search: the only module that queries ``search_entry``'s index.

**Access is the case rule.** Every query starts from :func:`scoped`: the rows of the
cases ``consultations.policies.case_scope`` lets the user see and of the complaints
``complaints.policies.complaint_scope`` lets them read — the rules the case pages and
the complaints desk open a row through (``tests/test_search_scope.py`` compares the two
over every persona), and a page's rows are opened through ``visible_cases`` and
``visible_complaints`` once more, so a result is never a page that answers 404.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from complaints.models import Complaint
from complaints.policies import complaint_scope, visible_complaints
from consultations.models import Consultation
from consultations.policies import Scope, case_scope
from consultations.selectors import visible_cases
from consultations.workflow import Status
from knowledge import synonyms as synonym_store
from knowledge.fts import python_snippet

from .models import Entry, Kind
from .query import Terms

TITLE_WEIGHT, BODY_WEIGHT, EXTRA_WEIGHT = 10.0, 4.0, 1.0
SNIPPET_WORDS = 30
# The newest matches ranked (:func:`ranked`); also the most results a search lists.
RANK_WINDOW = 1000
# Headlines are cut from the start of a case's text: a case with a hundred messages
# would otherwise be parsed whole for two fragments of thirty words.
SNIPPET_SOURCE_CHARS = 20_000
SIMILAR_CACHE_SECONDS = 600
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
    """The rows of the cases and complaints ``user`` may open (see the module).

    The row's kind and directorate are the source's own, copied by the triggers in the
    statement that routes or re-routes it (``search.index``), so the two rules become
    a filter on this table instead of a subquery per matching row.
    """
    return Entry.objects.filter(
        _within(Kind.CONSULTATION, case_scope(user), user) | _within(Kind.COMPLAINT, complaint_scope(user), user)
    )


def _within(kind: str, scope: Scope, user) -> Q:
    if scope is Scope.ALL:
        return Q(kind=kind)
    if scope is Scope.DIRECTORATE:
        return Q(kind=kind, directorate_id=user.directorate_id)
    if scope is Scope.OWN:  # an applicant's own cases (no applicant searches today)
        return Q(kind=kind, consultation_id__in=visible_cases(user).values("pk"))
    return Q(pk__in=[])


def matching(entries: QuerySet[Entry], terms: Terms, mode: str = "and", *, prefix: bool = True) -> QuerySet[Entry]:
    """``entries`` that match ``terms`` (unordered, unranked).

    The condition names its columns without the table: :func:`ranked` runs it in a
    subquery, where Django gives ``search_entry`` another alias.
    """
    if connection.vendor == "postgresql":
        where = RawSQL(
            "vector @@ to_tsquery('indonesian'::regconfig, %s)", [terms.tsquery(mode, prefix=prefix)],
            output_field=BooleanField(),
        )
    else:
        where = RawSQL(
            "id IN (SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)",
            [terms.match(mode, prefix=prefix)], output_field=BooleanField(),
        )
    return entries.filter(where)


def _rank(terms: Terms, mode: str, prefix: bool) -> RawSQL:
    """A row's relevance to ``terms`` (higher is better), in a query on ``search_entry``."""
    if connection.vendor == "postgresql":
        # ts_rank as the knowledge base (ADR 0013: cover density ranks OR queries worse);
        # normalisation 1: a long case (many messages) does not outrank a short one by length.
        return RawSQL(
            "ts_rank(\"search_entry\".\"vector\", to_tsquery('indonesian'::regconfig, %s), 1)",
            [terms.tsquery(mode, prefix=prefix)], output_field=FloatField(),
        )
    return RawSQL(
        f"(SELECT -bm25(search_entry_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, {EXTRA_WEIGHT}) FROM search_entry_fts"
        " WHERE search_entry_fts MATCH %s AND search_entry_fts.rowid = \"search_entry\".\"id\")",
        [terms.match(mode, prefix=prefix)], output_field=FloatField(),
    )


@dataclass(frozen=True)
class Ranked:
    """A search's answer before its page: the ids of the matching rows, best first.

    Ranked are the newest :data:`RANK_WINDOW` matches (``more``: there were others,
    older); the page says "more than 1,000" and the filters or another word narrow it.
    """

    ids: tuple[int, ...] = ()
    ranks: tuple[float, ...] = ()
    more: bool = False

    def __len__(self) -> int:
        return len(self.ids)


def ranked(entries: QuerySet[Entry], terms: Terms, mode: str = "and", *, prefix: bool = True,
           window: int | None = None) -> Ranked:
    """The newest ``window`` of ``entries`` matching ``terms``, ranked (one query).

    Ranking every match of a common word reads back every matching row's vector (half a
    million at size); the newest first along the primary key stop at the window's end.
    """
    window = RANK_WINDOW if window is None else window
    # The window first (ids only: a match's vector is read to rank it only if it is in
    # the window), then the window's rows ranked.
    newest = matching(entries, terms, mode, prefix=prefix).order_by("-id").values("id")[: window + 1]
    rows = list(
        Entry.objects.filter(pk__in=newest).annotate(rank=_rank(terms, mode, prefix)).values_list("id", "rank")
    )
    more = len(rows) > window
    newest_rows = sorted(rows, key=lambda row: -row[0])[:window]  # the one past the window: "more"
    best = sorted(newest_rows, key=lambda row: (-row[1], -row[0]))
    return Ranked(ids=tuple(pk for pk, _ in best), ranks=tuple(rank for _, rank in best), more=more)


def search(user, terms: Terms, filters: Filters = Filters(), mode: str = "and") -> Ranked:  # noqa: B008
    """What the page paginates: the user's matching rows, best first (:class:`Ranked`).

    Kept for ``settings.SEARCH_CACHE_SECONDS`` per scope, query and filters (the same
    words searched again, the next page): the page opens its rows through the user's
    scope again (:func:`results`), so a cached id never shows what the user may not open.
    """
    seconds = settings.SEARCH_CACHE_SECONDS
    key = _cache_key(user, terms, filters, mode) if seconds else ""
    found = cache.get(key) if key else None
    if found is None:
        found = ranked(scoped(user).filter(filters.q()), terms, mode)
        if key:
            cache.set(key, found, seconds)
    return found


def _cache_key(user, terms: Terms, filters: Filters, mode: str) -> str:
    case, complaint = case_scope(user), complaint_scope(user)
    who = user.pk if Scope.OWN in (case, complaint) else user.directorate_id
    text = repr((case.value, complaint.value, who, terms.groups, filters, mode))
    return "search:ranked:" + hashlib.sha256(text.encode()).hexdigest()


def page_entries(ids) -> list[Entry]:
    """The rows of one page's ids, in their order."""
    rows = Entry.objects.in_bulk(list(ids))
    return [rows[pk] for pk in ids if pk in rows]


def results(user, entries: list[Entry], terms: Terms) -> list[Result]:
    """One page's rows with their cases, complaints and snippets: three queries at most
    (the cases, the complaints, PostgreSQL's headlines), whatever the page's length.
    The cases and complaints are opened through the user's scope once more."""
    case_ids = [e.consultation_id for e in entries if e.consultation_id]
    complaint_ids = [e.complaint_id for e in entries if e.complaint_id]
    cases = (
        visible_cases(user).select_related("directorate", "category").in_bulk(case_ids) if case_ids else {}
    )
    complaints = (
        visible_complaints(user).select_related("directorate").in_bulk(complaint_ids) if complaint_ids else {}
    )
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
    """Each row's matching passages; kept with the search's ranked list (:func:`search`)."""
    if not entries or not terms:
        return {}
    seconds = settings.SEARCH_CACHE_SECONDS
    key = "search:snippets:" + hashlib.sha256(repr((terms.groups, [e.pk for e in entries])).encode()).hexdigest()
    found = cache.get(key) if seconds else None
    if found is None:
        found = _headlines(entries, terms)
        if seconds:
            cache.set(key, found, seconds)
    return found


def _headlines(entries: list[Entry], terms: Terms) -> dict[int, SafeString]:
    if connection.vendor == "postgresql":
        options = f"StartSel={_MARK_ON}, StopSel={_MARK_OFF}, MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=2"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.id, ts_headline('indonesian'::regconfig,"
                " replace(replace(left(e.body || ' ' || e.extra, %s), %s, ''), %s, ''),"
                " to_tsquery('indonesian'::regconfig, %s), %s)"
                " FROM search_entry e WHERE e.id = ANY(%s)",
                [SNIPPET_SOURCE_CHARS, _MARK_ON, _MARK_OFF, terms.tsquery("or"), options, [e.pk for e in entries]],
            )
            return {pk: _marked_html(text) for pk, text in cursor.fetchall()}
    synonyms = synonym_store.current()
    wanted = terms.highlight_terms()
    # The entry's own text (no query): SQLite's snippet() would show the stemmed words.
    return {e.pk: python_snippet(f"{e.body} {e.extra}"[:SNIPPET_SOURCE_CHARS], wanted, synonyms, words=SNIPPET_WORDS) for e in entries}


def _marked_html(text: str) -> SafeString:
    html = escape(text).replace(_MARK_ON, "<mark>").replace(_MARK_OFF, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own marks are HTML


def similar_cases(user, case: Consultation, terms: Terms, *, limit: int = 5) -> list[Consultation]:
    """The answered (delivered) cases most like ``case`` that ``user`` may open: any of
    its significant words, ranked among the newest :data:`RANK_WINDOW` answered cases
    that share one; never the case itself. Kept :data:`SIMILAR_CACHE_SECONDS` per case
    and scope (a case page is opened again and again while it is worked on)."""
    if not terms:
        return []
    key = "search:similar:" + _cache_key(user, terms, Filters(), str(case.pk))
    ids = cache.get(key)
    if ids is None:
        entries = scoped(user).filter(kind=Kind.CONSULTATION, status=Status.DELIVERED).exclude(consultation_id=case.pk)
        best = ranked(entries, terms, "or", prefix=False).ids[:limit]
        ids = [e.consultation_id for e in page_entries(best)]
        cache.set(key, ids, SIMILAR_CACHE_SECONDS)
    found = visible_cases(user).select_related("category").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
