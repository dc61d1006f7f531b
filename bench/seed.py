"""Seed a large data set for the benchmarks: 100,000 consultations by default.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/advokasi_bench \
        .venv/bin/python bench/seed.py --consultations 100000 [--detailed 100000]

Rows are bulk-inserted (this is data for measuring, not a workflow): cases spread over
the three directorates, 2,000 applicants, 12 staff per directorate, 30% still open, each
case with a few events, one answer when answered and a message thread on some.

Beyond the first ``--detailed`` cases (1,000,000 for the dashboard), rows are made by
PostgreSQL itself in one ``INSERT ... SELECT FROM generate_series`` (:func:`bulk_cases`):
cases with an answer when completed and a message on some, no events, over all four
channels and the last 24 months, about 85% completed (some late, their breach recorded),
the rest open. A million take minutes instead of hours through the ORM.

The text is Indonesian procurement prose recombined from the relevance corpus
(``bench/corpus.py``), deterministic for the same seed, so that the staff search's index
(issue 25) has realistic term distributions. While seeding, the search's triggers are
off (``session_replication_role = replica``: they would rebuild a case's row on every
insert of it, its answer and its message); afterwards :func:`reindex_search` fills
``search_entry`` in batches from the same SQL the triggers run (``search.index``) and
builds its GIN index once, as ``CREATE INDEX`` after a load does.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import ApplicantProfile, Directorate, InstitutionType, Role, User  # noqa: E402
from accounts.services import mark_email_verified  # noqa: E402
from bench import corpus  # noqa: E402
from consultations.channels import Channel  # noqa: E402
from consultations.models import (  # noqa: E402
    Answer,
    CaseCounter,
    Category,
    Consultation,
    Event,
    EventType,
    Message,
)
from consultations.workflow import Status  # noqa: E402
from core.deadlines import working_days_taken  # noqa: E402

PASSWORD = "advokasi-bench"
BATCH = 5000


def users(n_applicants: int) -> tuple[list[User], dict[int, list[User]]]:
    staff: dict[int, list[User]] = {}
    for directorate in Directorate.objects.all():
        members = []
        for i, role in enumerate([Role.DIRECTOR, Role.TEAM_LEAD] + [Role.STAFF] * 10):
            email = f"bench.{directorate.code}.{i}@lkpp.go.id"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, password=PASSWORD, full_name=f"Pegawai {directorate.code} {i}",
                    role=role, directorate=directorate,
                )
                mark_email_verified(user)
            members.append(user)
        staff[directorate.id] = members
    existing = User.objects.filter(email__startswith="bench.pemohon.").count()
    new = [
        User(email=f"bench.pemohon.{i}@contoh.go.id", full_name=f"Pemohon {i}", role=Role.APPLICANT)
        for i in range(existing, n_applicants)
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new, batch_size=BATCH)
    applicants = list(User.objects.filter(email__startswith="bench.pemohon.").order_by("id"))
    ApplicantProfile.objects.bulk_create(
        [
            ApplicantProfile(user=u, phone="081234567890", institution_name=f"Instansi {u.id}",
                             institution_type=random.choice(list(InstitutionType)))
            for u in applicants if not hasattr(u, "profile")
        ],
        batch_size=BATCH, ignore_conflicts=True,
    )
    mark_email_verified(applicants[0])
    return applicants, staff


def consultations(n: int, applicants: list[User], staff: dict[int, list[User]]) -> None:
    rng = random.Random(234 + Consultation.objects.count())
    pools = corpus.load()
    categories = list(Category.objects.all())
    directorates = list(Directorate.objects.all())
    now = timezone.now()
    year = timezone.localdate().year
    counter, _ = CaseCounter.objects.get_or_create(year=year)
    start = counter.last_number
    t0 = time.monotonic()
    for offset in range(0, n, BATCH):
        rows = []
        for i in range(offset, min(n, offset + BATCH)):
            d = rng.choice(directorates)
            submitted = now - timedelta(days=rng.uniform(0, 360))
            answered = rng.random() < 0.7
            assignee = rng.choice(staff[d.id][1:]) if answered or rng.random() < 0.5 else None
            due = submitted + timedelta(days=14)
            completed = submitted + timedelta(days=rng.uniform(0.1, 16)) if answered else None
            applicant = rng.choice(applicants)
            rows.append(
                Consultation(
                    number=f"ADV-{year}-{start + i + 1:06d}",
                    channel=Channel.WEBSITE, applicant=applicant,
                    contact_name=applicant.full_name, contact_email=applicant.email,
                    status=Status.DELIVERED if answered else (Status.ASSIGNED if assignee else Status.SUBMITTED),
                    category=rng.choice(categories),
                    subject=pools.subject(rng)[:200],
                    description=pools.description(rng),
                    institution_name=pools.institution(rng), procurement_package=pools.package(rng),
                    fiscal_year=2026,
                    directorate=d, assignee=assignee, is_priority=rng.random() < 0.02,
                    submitted_at=submitted, clock_started_at=submitted, due_at=due,
                    completed_at=completed,
                    completed_on_time=(completed <= due) if completed else None,
                    working_days_taken=working_days_taken(submitted, completed) if completed else None,
                    breached_at=due + timedelta(seconds=1) if (completed or now) > due else None,
                )
            )
        with transaction.atomic():
            created = Consultation.objects.bulk_create(rows, batch_size=BATCH)
            events, answers, messages = [], [], []
            for c in created:
                events.append(Event(consultation=c, actor=c.applicant, type=EventType.SUBMITTED, at=c.submitted_at, data={}))
                if c.assignee_id:
                    events.append(Event(consultation=c, actor_id=c.assignee_id, type=EventType.CLAIMED,
                                        at=c.submitted_at + timedelta(hours=2), data={}))
                if rng.random() < 0.3:
                    messages.append(Message(consultation=c, author=c.applicant, from_applicant=True,
                                            body=pools.message(rng), created_at=c.submitted_at + timedelta(hours=3)))
                if c.completed_at:
                    answers.append(Answer(consultation=c, author_id=c.assignee_id, kinds=["saran", "pendapat"],
                                          text=pools.answer(rng), sent_at=c.completed_at))
                    events.append(Event(consultation=c, actor_id=c.assignee_id, type=EventType.ANSWER_SENT,
                                        at=c.completed_at, data={}))
            Event.objects.bulk_create(events, batch_size=BATCH)
            Answer.objects.bulk_create(answers, batch_size=BATCH)
            Message.objects.bulk_create(messages, batch_size=BATCH)
        print(f"  {offset + len(rows):>7} consultations ({time.monotonic() - t0:.0f}s)", flush=True)
    CaseCounter.objects.filter(year=year).update(last_number=start + n)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# The text arrays (bench/corpus.py) once per statement, and a random element of one.
_POOLS = """p AS (
    SELECT %(titles)s::text[] AS t, %(questions)s::text[] AS q, %(answers)s::text[] AS a,
           %(openers)s::text[] AS o, %(rare)s::text[] AS rare, %(institutions)s::text[] AS inst,
           %(regions)s::text[] AS reg, %(packages)s::text[] AS pkg, %(staff)s::bigint[] AS staff
)"""


def _pick(array: str) -> str:
    return f"p.{array}[1 + floor(random() * cardinality(p.{array}))::int]"


def _sentences(array: str, least: int, most: int) -> str:
    """``least`` to ``most`` random elements of ``array`` joined by spaces (SQL)."""
    parts = [_pick(array)] * least + [
        f"CASE WHEN random() < {1 - k / (most - least + 1):.3f} THEN ' ' || {_pick(array)} ELSE '' END"
        for k in range(1, most - least + 1)
    ]
    return " || ' ' || ".join(parts[:least]) + "".join(" || " + part for part in parts[least:])


BULK_SQL = f"""
WITH {_POOLS}, s AS (
    SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4
      FROM generate_series(%(first)s, %(last)s) AS i
), c AS (
    SELECT i, r3, r4,
           CASE WHEN r1 < 0.55 THEN 'website' WHEN r1 < 0.75 THEN 'surat'
                WHEN r1 < 0.90 THEN 'tatap_muka' ELSE 'daring' END AS channel,
           (%(directorates)s)[1 + (i %% 3)] AS directorate_id,
           now() - r2 * interval '730 days' AS submitted_at
      FROM s
), d AS (
    SELECT c.*,
           submitted_at + CASE channel WHEN 'website' THEN interval '14 days' WHEN 'surat' THEN interval '21 days'
                                       WHEN 'tatap_muka' THEN interval '1 hour' ELSE interval '3 days' END AS due_at,
           r3 < CASE WHEN submitted_at < now() - interval '30 days' THEN 0.97 ELSE 0.5 END AS answered
      FROM c
), e AS (
    SELECT d.*,
           CASE WHEN answered THEN submitted_at + (due_at - submitted_at) * (0.1 + r4 * 1.05) END AS completed_at,
           CASE WHEN random() < {corpus.RARE_SHARE}
                THEN 'Pengadaan ' || {_pick("rare")} || ' melalui tender'
                ELSE {_pick("o")} || {_pick("t")} END AS subject,
           {_sentences("q", 2, 4)} AS description,
           {_pick("inst")} || ' ' || {_pick("reg")} AS institution_name,
           {_pick("pkg")} || ' ' || {_pick("reg")} || ' ' || (2022 + floor(random() * 5))::int AS package
      FROM d, p
), cases AS (
    INSERT INTO consultations_consultation (
        number, channel, status, contact_name, contact_email, contact_phone, subject, description,
        institution_name, procurement_package, procurement_stage, directorate_id, is_priority, language,
        submitted_at, created_at, updated_at, clock_started_at, due_at, completed_at, completed_on_time,
        breached_at, working_days_taken
    )
    SELECT 'ADV-19' || lpad((i / 1000000)::text, 2, '0') || '-' || lpad((i %% 1000000)::text, 6, '0'),
           channel, CASE WHEN completed_at IS NULL THEN 'submitted' ELSE 'delivered' END,
           'Tamu ' || i, '', '', left(subject, 200), description,
           left(institution_name, 200), package, '', directorate_id, false, 'id',
           submitted_at, submitted_at, coalesce(completed_at, submitted_at), submitted_at, due_at, completed_at,
           CASE WHEN completed_at IS NOT NULL THEN completed_at <= due_at END,
           CASE WHEN coalesce(completed_at, now()) > due_at THEN due_at + interval '1 second' END,
           CASE WHEN completed_at IS NOT NULL
                THEN floor(extract(epoch FROM completed_at - submitted_at) / 86400 * 5 / 7)::int END
      FROM e
    RETURNING id, submitted_at, completed_at
), answers AS (
    INSERT INTO consultations_answer (consultation_id, author_id, kinds, text, sent_at)
    SELECT cases.id, p.staff[1 + (cases.id %% cardinality(p.staff))], '["saran", "pendapat"]'::jsonb,
           {_sentences("a", 3, 6)}, cases.completed_at
      FROM cases, p WHERE cases.completed_at IS NOT NULL
)
INSERT INTO consultations_message (consultation_id, author_id, from_applicant, body, created_at)
SELECT cases.id, p.staff[1 + (cases.id %% cardinality(p.staff))], false, {_pick("q")},
       cases.submitted_at + interval '3 hours'
  FROM cases, p WHERE random() < 0.3
"""


def _pool_params(staff: list[int]) -> dict:
    pools = corpus.load()
    return {
        "titles": list(pools.titles), "questions": list(pools.questions), "answers": list(pools.answers),
        "openers": list(corpus.OPENERS), "rare": list(corpus.RARE), "institutions": list(corpus.INSTITUTIONS),
        "regions": list(corpus.REGIONS), "packages": list(corpus.PACKAGES), "staff": staff,
    }


def bulk_cases(n: int, staff: dict[int, list[User]]) -> None:
    """``n`` cases made by PostgreSQL (see the module's docstring), numbered ADV-19xx-…
    so that they never meet the numbers the services give out."""
    if connection.vendor != "postgresql":
        sys.exit("the bulk seed needs PostgreSQL")
    t0 = time.monotonic()
    directorates = list(Directorate.objects.order_by("id").values_list("id", flat=True))
    params = _pool_params(sorted(u.id for members in staff.values() for u in members[1:]))
    first = Consultation.objects.filter(number__startswith="ADV-19").count() + 1
    step = 100_000
    for start in range(first, first + n, step):
        last = min(first + n - 1, start + step - 1)
        with transaction.atomic(), connection.cursor() as cursor:
            # The same rows for the same numbers, whichever run makes them.
            cursor.execute("SELECT setseed(%s)", [(start % 1_000_003) / 1_000_003])
            cursor.execute(BULK_SQL, {**params, "first": start, "last": last, "directorates": directorates})
        print(f"  {last - first + 1:>7} bulk consultations ({time.monotonic() - t0:.0f}s)", flush=True)


def search_triggers(enabled: bool) -> None:
    """Off while seeding (PostgreSQL skips ordinary triggers for a replica session)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET session_replication_role = {'origin' if enabled else 'replica'}")


def reindex_search(step: int = 100_000) -> None:
    """Every consultation's and complaint's ``search_entry`` row again, in batches of ids,
    with the GIN index dropped during the load and built once after it (PostgreSQL), as
    the statements of ``search.index`` write them. Elsewhere, or when the search app's
    internals moved: its own ``rebuild``."""
    try:
        from search import index
    except ImportError:
        return
    install = index.statements(connection.vendor)
    gin = [sql for sql in install if sql.startswith("CREATE INDEX")]
    if connection.vendor != "postgresql" or len(gin) != 1 or not hasattr(index, "Dialect"):
        index.rebuild(connection)
        return
    t0 = time.monotonic()
    dialect = index.Dialect("postgresql")
    name = gin[0].split("IF NOT EXISTS ", 1)[1].split()[0]
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("TRUNCATE search_entry")
        cursor.execute("SELECT coalesce(max(id), 0) FROM consultations_consultation")
        (top,) = cursor.fetchone()
    for low in range(0, top + 1, step):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(dialect.row("consultation", f"c.id BETWEEN {low} AND {low + step - 1}"))
        print(f"  search rows to id {min(top, low + step - 1)} ({time.monotonic() - t0:.0f}s)", flush=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(dialect.row("complaint", "1 = 1"))
        t1 = time.monotonic()
        cursor.execute(gin[0])
        print(f"  search GIN index built in {time.monotonic() - t1:.0f}s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    print(f"search index: {time.monotonic() - t0:.0f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--applicants", type=int, default=2_000)
    parser.add_argument("--detailed", type=int, default=100_000, help="cases with events, answers, messages")
    args = parser.parse_args()
    have = Consultation.objects.count()
    if have >= args.consultations:
        print(f"already {have} consultations; nothing to do")
        return
    detailed = Consultation.objects.exclude(number__startswith="ADV-19").count()
    applicants, staff = users(args.applicants)
    t0 = time.monotonic()
    search_triggers(enabled=False)
    try:
        if detailed < min(args.detailed, args.consultations):
            consultations(min(args.detailed, args.consultations) - detailed, applicants, staff)
        rest = args.consultations - Consultation.objects.count()
        if rest > 0:
            bulk_cases(rest, staff)
    finally:
        search_triggers(enabled=True)
    seeded = time.monotonic() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    t1 = time.monotonic()
    reindex_search()
    print(f"done: {Consultation.objects.count()} consultations; cases {seeded:.0f}s, "
          f"search index {time.monotonic() - t1:.0f}s")


if __name__ == "__main__":
    main()
