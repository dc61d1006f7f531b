"""Full-text search over articles: the only module with vendor-specific SQL (ADR 0013).

- PostgreSQL: ``knowledge_article.search_vector``, a ``tsvector`` GENERATED ALWAYS from
  the ``search_*`` columns with the ``indonesian`` configuration (weights A/B/C: title,
  question, answer), a GIN index, ``ts_rank_cd`` and ``ts_headline``.
- SQLite: an FTS5 table ``knowledge_article_fts`` kept by triggers on the article
  table; the triggers stem the ``search_*`` columns with ``knowledge_stem()``, a SQL
  function this module registers on every SQLite connection. Ranked by ``bm25()`` with
  the same weights; snippets are made here in Python (FTS5's ``snippet()`` would show
  the stemmed words the table holds).

Queries are never user text: :func:`knowledge.text.query_terms` makes words of it, each
is quoted, all of them must match first (AND) and any of them next (OR) when that finds
fewer than asked for; the last word matches as a prefix (a word being typed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import synonyms as synonym_store
from .models import Article, Status
from .text import MAX_QUERY_CHARS, Synonyms, fold, query_terms, significant_terms, stem, stem_text

TITLE_WEIGHT, QUESTION_WEIGHT, ANSWER_WEIGHT = 10.0, 4.0, 1.0
# PostgreSQL's ranking: ts_rank with weights D/C/B/A = -/answer/question/title, divided by
# 1 + log(length) so that a long answer does not win by length alone. ts_rank rather than
# ts_rank_cd: on the relevance set's OR queries (most long questions) cover density ranks
# worse (MRR@5 0.91 vs 0.97, ADR 0013).
PG_RANK = "ts_rank('{0.1, 0.25, 0.5, 1.0}', a.search_vector, q, 1)"
SNIPPET_WORDS = 30
_MARK_ON, _MARK_OFF = "\ue000", "\ue001"  # private-use characters, removed from the text first


@dataclass(frozen=True)
class Hit:
    article: Article
    rank: float  # higher is better, comparable only within one result list
    snippet: SafeString  # the answer's best passage, escaped, matches in <mark>


# --- the index's upkeep (migrations call these) -----------------------------------------

SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS knowledge_article_fts
       USING fts5(title, question, answer, tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_article_fts_insert AFTER INSERT ON knowledge_article BEGIN
         INSERT INTO knowledge_article_fts(rowid, title, question, answer) VALUES
           (new.id, knowledge_stem(new.search_title), knowledge_stem(new.search_question),
            knowledge_stem(new.search_answer));
       END""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_article_fts_delete AFTER DELETE ON knowledge_article BEGIN
         DELETE FROM knowledge_article_fts WHERE rowid = old.id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS knowledge_article_fts_update
       AFTER UPDATE OF search_title, search_question, search_answer ON knowledge_article BEGIN
         DELETE FROM knowledge_article_fts WHERE rowid = old.id;
         INSERT INTO knowledge_article_fts(rowid, title, question, answer) VALUES
           (new.id, knowledge_stem(new.search_title), knowledge_stem(new.search_question),
            knowledge_stem(new.search_answer));
       END""",
    # The table is filled from the articles, so install() also repairs: a later migration
    # that makes SQLite rebuild knowledge_article drops its triggers and must call it again.
    "DELETE FROM knowledge_article_fts",
    """INSERT INTO knowledge_article_fts(rowid, title, question, answer)
       SELECT id, knowledge_stem(search_title), knowledge_stem(search_question), knowledge_stem(search_answer)
       FROM knowledge_article""",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS knowledge_article_fts_insert",
    "DROP TRIGGER IF EXISTS knowledge_article_fts_delete",
    "DROP TRIGGER IF EXISTS knowledge_article_fts_update",
    "DROP TABLE IF EXISTS knowledge_article_fts",
]
POSTGRES_INSTALL = [
    """ALTER TABLE knowledge_article ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('indonesian'::regconfig, search_title), 'A')
         || setweight(to_tsvector('indonesian'::regconfig, search_question), 'B')
         || setweight(to_tsvector('indonesian'::regconfig, search_answer), 'C')
       ) STORED""",
    "CREATE INDEX IF NOT EXISTS knowledge_article_search_gin ON knowledge_article USING gin (search_vector)",
]
POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS knowledge_article_search_gin",
    "ALTER TABLE knowledge_article DROP COLUMN IF EXISTS search_vector",
]


def install(apps, schema_editor) -> None:
    """Create (or repair) the index for the migrating database's vendor."""
    _run(schema_editor, {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL})


def uninstall(apps, schema_editor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRES_UNINSTALL})


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        register_sqlite_functions(schema_editor.connection)
    for sql in statements.get(vendor, []):
        schema_editor.execute(sql)


def _stem_sql(value) -> str:
    return stem_text(value) if isinstance(value, str) else ""


def register_sqlite_functions(conn) -> None:
    """``knowledge_stem()`` on a Django SQLite connection (the triggers call it)."""
    conn.ensure_connection()
    conn.connection.create_function("knowledge_stem", 1, _stem_sql, deterministic=True)


def on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("knowledge_stem", 1, _stem_sql, deterministic=True)


# --- searching ---------------------------------------------------------------------------


def search_articles(
    query: str,
    *,
    category=None,
    limit: int = 10,
    published_only: bool = True,
    synonyms: Synonyms | None = None,
) -> list[Hit]:
    """The articles that best answer ``query``, best first; ``[]`` for a query with no
    word of two letters or more. ``category``: a Category or its id."""
    synonyms = synonym_store.current() if synonyms is None else synonyms
    stemmed = connection.vendor != "postgresql"
    terms = query_terms(query, synonyms, stemmed=stemmed)
    if not terms or limit <= 0:
        return []
    ranked = _ranked(terms, "and", category=category, limit=limit, published_only=published_only)
    if len(ranked) < limit and len(terms) > 1:
        seen = {pk for pk, _ in ranked}
        more = _ranked(terms, "or", category=category, limit=limit, published_only=published_only)
        ranked += [(pk, rank) for pk, rank in more if pk not in seen][: limit - len(ranked)]
    return _hits(ranked, terms, synonyms, stemmed=stemmed)


def similar_articles(text: str, *, limit: int = 5, category=None, exclude_id: int | None = None) -> list[Hit]:
    """Published articles most like ``text`` (a question being written): any of its
    significant words, ranked — for the suggestions before asking."""
    synonyms = synonym_store.current()
    stemmed = connection.vendor != "postgresql"
    terms = significant_terms(text, synonyms, stemmed=stemmed)
    if not terms or limit <= 0:
        return []
    ranked = _ranked(terms, "or", category=category, limit=limit + 1, published_only=True, prefix=False)
    ranked = [(pk, rank) for pk, rank in ranked if pk != exclude_id][:limit]
    return _hits(ranked, terms, synonyms, stemmed=stemmed)


def _ranked(terms, mode, *, category, limit, published_only, prefix=True) -> list[tuple[int, float]]:
    filters, params = [], []
    if published_only:
        filters.append("a.status = %s")
        params.append(Status.PUBLISHED.value)
    if category is not None:
        filters.append("a.category_id = %s")
        params.append(getattr(category, "pk", category))
    where = "".join(f" AND {f}" for f in filters)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT a.id, {PG_RANK} AS rank"
                " FROM knowledge_article a, to_tsquery('indonesian'::regconfig, %s) q"
                f" WHERE a.search_vector @@ q{where} ORDER BY rank DESC, a.id LIMIT %s",
                [_tsquery(terms, mode, prefix=prefix), *params, limit],
            )
            return [(pk, float(rank)) for pk, rank in cursor.fetchall()]
        cursor.execute(
            f"SELECT a.id, bm25(knowledge_article_fts, {TITLE_WEIGHT}, {QUESTION_WEIGHT}, {ANSWER_WEIGHT}) AS rank"
            " FROM knowledge_article_fts JOIN knowledge_article a ON a.id = knowledge_article_fts.rowid"
            f" WHERE knowledge_article_fts MATCH %s{where} ORDER BY rank, a.id LIMIT %s",
            [_match(terms, mode, prefix=prefix), *params, limit],
        )
        return [(pk, -float(rank)) for pk, rank in cursor.fetchall()]


def _quoted(term: str, quote: str) -> str:
    return quote + term.replace(quote, quote * 2).replace("\\", "") + quote


def _tsquery(terms: list[str], mode: str, *, prefix: bool) -> str:
    parts = [_quoted(t, "'") for t in terms]
    if prefix:
        parts[-1] += ":*"
    return (" & " if mode == "and" else " | ").join(parts)


def _match(terms: list[str], mode: str, *, prefix: bool) -> str:
    parts = [_quoted(t, '"') for t in terms]
    if prefix:
        parts[-1] += "*"
    return (" " if mode == "and" else " OR ").join(parts)


def _hits(ranked, terms, synonyms, *, stemmed) -> list[Hit]:
    if not ranked:
        return []
    articles = Article.objects.select_related("category").in_bulk([pk for pk, _ in ranked])
    if connection.vendor == "postgresql":
        snippets = _pg_headlines([pk for pk, _ in ranked], terms)
    else:
        snippets = {pk: python_snippet(articles[pk].answer, terms, synonyms) for pk, _ in ranked if pk in articles}
    return [Hit(articles[pk], rank, snippets.get(pk, mark_safe(""))) for pk, rank in ranked if pk in articles]


def _pg_headlines(ids: list[int], terms: list[str]) -> dict[int, SafeString]:
    options = f"StartSel={_MARK_ON}, StopSel={_MARK_OFF}, MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=2"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, ts_headline('indonesian'::regconfig,"
            " replace(replace(a.answer, %s, ''), %s, ''), to_tsquery('indonesian'::regconfig, %s), %s)"
            " FROM knowledge_article a WHERE a.id = ANY(%s)",
            [_MARK_ON, _MARK_OFF, _tsquery(terms, "or", prefix=True), options, ids],
        )
        return {pk: _marked_html(text) for pk, text in cursor.fetchall()}


def _marked_html(text: str) -> SafeString:
    html = escape(text).replace(_MARK_ON, "<mark>").replace(_MARK_OFF, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own marks are HTML


_WORDS_WITH_SPANS = re.compile(r"[^\W_]+", re.UNICODE)


def python_snippet(text: str, terms: list[str], synonyms: Synonyms, *, words: int = SNIPPET_WORDS) -> SafeString:
    """A passage of ``text`` around its first matching word, escaped, matches marked.
    Words match when their analysed form is a term (single-word synonyms included)."""
    text = (text or "")[: MAX_QUERY_CHARS * 25].replace(_MARK_ON, "").replace(_MARK_OFF, "")
    wanted = set(terms)
    last = terms[-1] if terms else ""
    found = list(_WORDS_WITH_SPANS.finditer(text))
    hits = [i for i, m in enumerate(found) if _matches(m.group(), wanted, last, synonyms)]
    if not found:
        return mark_safe("")
    start = max(0, (hits[0] if hits else 0) - words // 4)
    end = min(len(found), start + words)
    pieces, cursor = [], (0 if start == 0 else found[start].start())
    hit_set = set(hits)
    for i in range(start, end):
        m = found[i]
        pieces.append(text[cursor : m.start()])
        pieces.append(_MARK_ON + m.group() + _MARK_OFF if i in hit_set else m.group())
        cursor = m.end()
    body = "".join(pieces)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(found) else ""
    return _marked_html(prefix + body + suffix)


def _matches(word: str, wanted: set[str], last: str, synonyms: Synonyms) -> bool:
    folded = synonyms.canonical(fold(word))
    for form in (folded, stem(folded)):
        if form in wanted or (last and len(last) >= 3 and form.startswith(last)):
            return True
    return False
