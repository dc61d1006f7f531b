"""The staff search's index, kept by the database itself (ADR 0013, "Staff search").

One row of ``search_entry`` per consultation and per complaint holds the case's text and
the columns the filters read. Triggers on every source table rebuild a case's row in the
statement that changed its text, inside the same transaction — the services below this
app know nothing of search, and no job or signal has to remember it:

- PostgreSQL: plpgsql functions ``search_refresh_consultation(id)`` and
  ``search_refresh_complaint(id)``, called by one trigger function on each source table;
  ``search_entry.vector`` is a ``tsvector`` GENERATED from the text with the
  ``indonesian`` configuration (weights A/B/C), under a GIN index.
- SQLite: the same two statements written into each trigger (SQLite has no stored
  procedures), and an FTS5 table ``search_entry_fts`` kept by triggers on
  ``search_entry``; its text is tokenised and stemmed by ``search_analyse()``, a SQL
  function registered on every connection (``knowledge.text``: the same words and stems
  the knowledge base uses).

Synonyms are not applied in the index but at query time (:mod:`search.query` expands a
word to every variant of its group), so an edit of the dictionary holds at once for
every case without re-indexing a million rows.

A migration that makes SQLite rebuild a source table (most ``AlterField``) drops that
table's triggers: :func:`repair` (run after every ``migrate``, ``apps.py``) notices a
missing trigger and installs and refills everything again.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.text import stem, tokenize

# --- what a case's row holds ------------------------------------------------------------

_CONSULTATION_ROW = """
INSERT INTO search_entry (kind, consultation_id, complaint_id, channel, status, directorate_id, category_id, year,
                          title, body, extra)
SELECT 'consultation', c.id, NULL, c.channel, c.status, c.directorate_id, c.category_id, {year},
       COALESCE(c.subject, ''), COALESCE(c.description, ''),
       c.number || ' ' || COALESCE(c.procurement_package, '') || ' ' || COALESCE(c.institution_name, '')
       || ' ' || COALESCE((SELECT {agg} FROM consultations_message x WHERE x.consultation_id = c.id), '')
       || ' ' || COALESCE((SELECT {agg_text} FROM consultations_answer x WHERE x.consultation_id = c.id), '')
       || ' ' || COALESCE((SELECT {agg} FROM consultations_answerdraft x WHERE x.consultation_id = c.id), '')
       || ' ' || COALESCE((SELECT x.letter_number FROM consultations_incomingletter x WHERE x.consultation_id = c.id), '')
       || ' ' || COALESCE((SELECT x.problem || ' ' || x.discussion || ' ' || x.advice || ' ' || x.follow_ups
                           FROM consultations_meetingreport x WHERE x.consultation_id = c.id), '')
FROM consultations_consultation c WHERE {where}
ON CONFLICT (consultation_id) DO UPDATE SET
  channel = excluded.channel, status = excluded.status, directorate_id = excluded.directorate_id,
  category_id = excluded.category_id, year = excluded.year, title = excluded.title, body = excluded.body,
  extra = excluded.extra"""

_COMPLAINT_ROW = """
INSERT INTO search_entry (kind, consultation_id, complaint_id, channel, status, directorate_id, category_id, year,
                          title, body, extra)
SELECT 'complaint', NULL, k.id, k.channel, k.status, k.directorate_id, NULL, {year},
       '', COALESCE(k.text, ''),
       COALESCE(k.follow_up, '') || ' ' || COALESCE(k.lapor_number, '') || ' ' || COALESCE(k.eoffice_reference, '')
       || ' ' || COALESCE((SELECT {agg_text} FROM complaints_complaintmessage x WHERE x.complaint_id = k.id), '')
FROM complaints_complaint k WHERE {where}
ON CONFLICT (complaint_id) DO UPDATE SET
  channel = excluded.channel, status = excluded.status, directorate_id = excluded.directorate_id,
  category_id = excluded.category_id, year = excluded.year, title = excluded.title, body = excluded.body,
  extra = excluded.extra"""

_GONE = {
    "consultation": "DELETE FROM search_entry WHERE consultation_id = {id}"
    " AND NOT EXISTS (SELECT 1 FROM consultations_consultation c WHERE c.id = {id})",
    "complaint": "DELETE FROM search_entry WHERE complaint_id = {id}"
    " AND NOT EXISTS (SELECT 1 FROM complaints_complaint k WHERE k.id = {id})",
}


@dataclass(frozen=True)
class Source:
    """A table whose rows change a case's text: which case (``kind``, the column naming
    it) and, for the two main tables, the columns whose update matters (deadline
    recomputes and assignments do not rebuild the row)."""

    table: str
    kind: str
    column: str
    update_of: tuple[str, ...] = ()


SOURCES = (
    Source("consultations_consultation", "consultation", "id", (
        "subject", "description", "channel", "status", "directorate_id", "category_id", "number",
        "procurement_package", "institution_name", "created_at",
    )),
    Source("consultations_message", "consultation", "consultation_id"),
    Source("consultations_answer", "consultation", "consultation_id"),
    Source("consultations_answerdraft", "consultation", "consultation_id"),
    Source("consultations_incomingletter", "consultation", "consultation_id"),
    Source("consultations_meetingreport", "consultation", "consultation_id"),
    Source("complaints_complaint", "complaint", "id", (
        "text", "follow_up", "channel", "status", "directorate_id", "lapor_number", "eoffice_reference",
        "received_at",
    )),
    Source("complaints_complaintmessage", "complaint", "complaint_id"),
)


class Dialect:
    def __init__(self, vendor: str) -> None:
        pg = vendor == "postgresql"
        self.vendor = vendor
        self.agg = "string_agg(x.body, ' ')" if pg else "group_concat(x.body, ' ')"
        self.agg_text = "string_agg(x.text, ' ')" if pg else "group_concat(x.text, ' ')"
        self.year = {
            # The WIB year, as every page shows dates.
            "consultation": "CAST(date_part('year', c.created_at AT TIME ZONE 'Asia/Jakarta') AS integer)"
            if pg else "CAST(substr(datetime(c.created_at, '+7 hours'), 1, 4) AS INTEGER)",
            "complaint": "CAST(date_part('year', k.received_at AT TIME ZONE 'Asia/Jakarta') AS integer)"
            if pg else "CAST(substr(datetime(k.received_at, '+7 hours'), 1, 4) AS INTEGER)",
        }

    def row(self, kind: str, where: str) -> str:
        template = _CONSULTATION_ROW if kind == "consultation" else _COMPLAINT_ROW
        return template.format(agg=self.agg, agg_text=self.agg_text, year=self.year[kind], where=where)

    def refresh(self, kind: str, id_sql: str) -> list[str]:
        alias = "c" if kind == "consultation" else "k"
        return [_GONE[kind].format(id=id_sql), self.row(kind, f"{alias}.id = {id_sql}")]

    def rebuild(self) -> list[str]:
        return ["DELETE FROM search_entry", self.row("consultation", "1 = 1"), self.row("complaint", "1 = 1")]


# --- SQLite -------------------------------------------------------------------------------


def analyse(value) -> str:
    """``search_analyse()``: the words of a text, stemmed (``knowledge.text``), for FTS5."""
    return " ".join(stem(w) for w in tokenize(value)) if isinstance(value, str) else ""


def sqlite_trigger_names() -> list[str]:
    names = ["search_entry_fts_insert", "search_entry_fts_delete", "search_entry_fts_update"]
    for source in SOURCES:
        names += [f"search_{source.table}_{op}" for op in ("ai", "au", "ad")]
    return names


def _sqlite_install() -> list[str]:
    d = Dialect("sqlite")
    statements = [
        """CREATE VIRTUAL TABLE IF NOT EXISTS search_entry_fts
           USING fts5(title, body, extra, tokenize = 'unicode61 remove_diacritics 2')""",
        """CREATE TRIGGER IF NOT EXISTS search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
             INSERT INTO search_entry_fts(rowid, title, body, extra)
             VALUES (new.id, search_analyse(new.title), search_analyse(new.body), search_analyse(new.extra));
           END""",
        """CREATE TRIGGER IF NOT EXISTS search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
             DELETE FROM search_entry_fts WHERE rowid = old.id;
           END""",
        """CREATE TRIGGER IF NOT EXISTS search_entry_fts_update AFTER UPDATE OF title, body, extra ON search_entry BEGIN
             DELETE FROM search_entry_fts WHERE rowid = old.id;
             INSERT INTO search_entry_fts(rowid, title, body, extra)
             VALUES (new.id, search_analyse(new.title), search_analyse(new.body), search_analyse(new.extra));
           END""",
    ]
    for s in SOURCES:
        new, old = d.refresh(s.kind, f"new.{s.column}"), d.refresh(s.kind, f"old.{s.column}")
        of = f" OF {', '.join(s.update_of)}" if s.update_of else ""
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS search_{s.table}_ai AFTER INSERT ON {s.table} BEGIN {_body(new)} END",
            f"CREATE TRIGGER IF NOT EXISTS search_{s.table}_au AFTER UPDATE{of} ON {s.table} BEGIN"
            f" {_body(old + new)} END",
            f"CREATE TRIGGER IF NOT EXISTS search_{s.table}_ad AFTER DELETE ON {s.table} BEGIN {_body(old)} END",
        ]
    # Filled from the sources, so installing also repairs (see the module's docstring).
    return [*statements, "DELETE FROM search_entry_fts", *d.rebuild()]


def _body(statements: list[str]) -> str:
    return " ".join(f"{s};" for s in statements)


def _sqlite_uninstall() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names()] + [
        "DROP TABLE IF EXISTS search_entry_fts"
    ]


# --- PostgreSQL ---------------------------------------------------------------------------


def _prepared(column: str) -> str:
    """What the ``indonesian`` parser reads, prepared as ``knowledge.text.tokenize`` would:
    a slash or underscore separates words (PostgreSQL keeps ``barang/jasa`` as one
    "file" token) and a one-letter prefix joins its word (``e-katalog`` → ``ekatalog``)."""
    return (
        "regexp_replace(translate(" + column + ", '/_', '  '),"
        r" '(^|[^[:alnum:]])([[:alpha:]])-([[:alpha:]]{2})', '\1\2\3', 'g')"
    )


VECTOR_SQL = (
    f"setweight(to_tsvector('indonesian'::regconfig, {_prepared('title')}), 'A')"
    f" || setweight(to_tsvector('indonesian'::regconfig, {_prepared('body')}), 'B')"
    f" || setweight(to_tsvector('indonesian'::regconfig, {_prepared('extra')}), 'C')"
)


def _postgres_install() -> list[str]:
    d = Dialect("postgresql")
    statements = [
        f"ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS vector tsvector GENERATED ALWAYS AS ({VECTOR_SQL}) STORED",
        "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_entry USING gin (vector)",
    ]
    for kind in ("consultation", "complaint"):
        body = " ".join(f"{s};" for s in d.refresh(kind, "case_id"))
        statements.append(
            f"CREATE OR REPLACE FUNCTION search_refresh_{kind}(case_id bigint) RETURNS void"
            f" LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
        )
    statements.append(
        """CREATE OR REPLACE FUNCTION search_entry_touch() RETURNS trigger LANGUAGE plpgsql AS $$
           DECLARE new_id bigint; old_id bigint;
           BEGIN
             IF TG_OP <> 'DELETE' THEN new_id := (to_jsonb(NEW) ->> TG_ARGV[1])::bigint; END IF;
             IF TG_OP <> 'INSERT' THEN old_id := (to_jsonb(OLD) ->> TG_ARGV[1])::bigint; END IF;
             IF TG_ARGV[0] = 'consultation' THEN
               IF new_id IS NOT NULL THEN PERFORM search_refresh_consultation(new_id); END IF;
               IF old_id IS NOT NULL AND old_id IS DISTINCT FROM new_id THEN
                 PERFORM search_refresh_consultation(old_id);
               END IF;
             ELSE
               IF new_id IS NOT NULL THEN PERFORM search_refresh_complaint(new_id); END IF;
               IF old_id IS NOT NULL AND old_id IS DISTINCT FROM new_id THEN
                 PERFORM search_refresh_complaint(old_id);
               END IF;
             END IF;
             RETURN NULL;
           END $$"""
    )
    for s in SOURCES:
        of = f" OF {', '.join(s.update_of)}" if s.update_of else ""
        statements += [
            f"DROP TRIGGER IF EXISTS search_entry_touch ON {s.table}",
            f"CREATE TRIGGER search_entry_touch AFTER INSERT OR DELETE OR UPDATE{of} ON {s.table}"
            f" FOR EACH ROW EXECUTE FUNCTION search_entry_touch('{s.kind}', '{s.column}')",
        ]
    return [*statements, *d.rebuild()]


def _postgres_uninstall() -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS search_entry_touch ON {s.table}" for s in SOURCES]
    return [
        *statements,
        "DROP FUNCTION IF EXISTS search_entry_touch()",
        "DROP FUNCTION IF EXISTS search_refresh_consultation(bigint)",
        "DROP FUNCTION IF EXISTS search_refresh_complaint(bigint)",
        "DROP INDEX IF EXISTS search_entry_vector_gin",
        "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector",
    ]


# --- installing, repairing ----------------------------------------------------------------


def register_sqlite_functions(conn) -> None:
    """``search_analyse()`` on a Django SQLite connection (the FTS triggers call it)."""
    conn.ensure_connection()
    conn.connection.create_function("search_analyse", 1, analyse, deterministic=True)


def on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("search_analyse", 1, analyse, deterministic=True)


def statements(vendor: str, *, install: bool = True) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_install() if install else _sqlite_uninstall()
    if vendor == "postgresql":
        return _postgres_install() if install else _postgres_uninstall()
    return []


def install(apps, schema_editor) -> None:
    """Create (or repair and refill) the index for the migrating database (migrations)."""
    _run(schema_editor.connection, statements(schema_editor.connection.vendor))


def uninstall(apps, schema_editor) -> None:
    _run(schema_editor.connection, statements(schema_editor.connection.vendor, install=False))


def _run(conn, sqls: list[str]) -> None:
    if conn.vendor == "sqlite":
        register_sqlite_functions(conn)
    with conn.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)


def missing_triggers(conn) -> list[str]:
    """The index's triggers the database lacks (a table rebuilt by a later migration)."""
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search!_%' ESCAPE '!'")
            present = {name for (name,) in cursor.fetchall()}
            return [name for name in sqlite_trigger_names() if name not in present]
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname = 'search_entry_touch'"
            )
            present = {name for (name,) in cursor.fetchall()}
            return [s.table for s in SOURCES if s.table not in present]
    return []


def repair(conn) -> bool:
    """Install again when a trigger is missing (and refill); True when it had to."""
    if "search_entry" not in conn.introspection.table_names() or not missing_triggers(conn):
        return False
    from django.db import transaction

    with transaction.atomic(using=conn.alias):
        _run(conn, statements(conn.vendor))
    return True


def rebuild(conn) -> None:
    """Every row again from the sources (``manage.py search_reindex``)."""
    from django.db import transaction

    with transaction.atomic(using=conn.alias):
        _run(conn, statements(conn.vendor))
