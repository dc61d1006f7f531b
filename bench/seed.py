"""Seed a large data set for the benchmarks: 100,000 consultations by default.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/advokasi_bench \
        .venv/bin/python bench/seed.py --consultations 100000 [--detailed 100000]

Rows are bulk-inserted (this is data for measuring, not a workflow): cases spread over
the three directorates, 2,000 applicants, 12 staff per directorate, 30% still open, each
case with a few events, one answer when answered and a message thread on some.

Beyond the first ``--detailed`` cases (1,000,000 for the dashboard), rows are made by
PostgreSQL itself in one ``INSERT ... SELECT FROM generate_series`` (:func:`bulk_cases`):
cases only, no events or answers, over all four channels and the last 24 months, about
85% completed (some late, their breach recorded), the rest open. A million take about a
minute instead of hours through the ORM.
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
    rng = random.Random(234)
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
                    subject=f"Pertanyaan pengadaan nomor {i + 1} tentang tender dan kontrak",
                    description="Uraian permasalahan pengadaan barang/jasa. " * 8,
                    institution_name="Dinas Pekerjaan Umum", fiscal_year=2026,
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
                                            body="Mohon penjelasan lebih lanjut.", created_at=c.submitted_at + timedelta(hours=3)))
                if c.completed_at:
                    answers.append(Answer(consultation=c, author_id=c.assignee_id, kinds=["saran", "pendapat"],
                                          text="Jawaban konsultasi. " * 20, sent_at=c.completed_at))
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


BULK_SQL = """
WITH s AS (
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
           CASE WHEN answered THEN submitted_at + (due_at - submitted_at) * (0.1 + r4 * 1.05) END AS completed_at
      FROM d
)
INSERT INTO consultations_consultation (
    number, channel, status, contact_name, contact_email, contact_phone, subject, description,
    institution_name, procurement_package, procurement_stage, directorate_id, is_priority, language,
    submitted_at, created_at, updated_at, clock_started_at, due_at, completed_at, completed_on_time,
    breached_at, working_days_taken
)
SELECT 'ADV-19' || lpad((i / 1000000)::text, 2, '0') || '-' || lpad((i %% 1000000)::text, 6, '0'),
       channel, CASE WHEN completed_at IS NULL THEN 'submitted' ELSE 'delivered' END,
       'Tamu ' || i, '', '', 'Pertanyaan pengadaan ' || i, 'Uraian permasalahan pengadaan.',
       'Dinas Pekerjaan Umum', '', '', directorate_id, false, 'id',
       submitted_at, submitted_at, coalesce(completed_at, submitted_at), submitted_at, due_at, completed_at,
       CASE WHEN completed_at IS NOT NULL THEN completed_at <= due_at END,
       CASE WHEN coalesce(completed_at, now()) > due_at THEN due_at + interval '1 second' END,
       CASE WHEN completed_at IS NOT NULL
            THEN floor(extract(epoch FROM completed_at - submitted_at) / 86400 * 5 / 7)::int END
  FROM e
"""


def bulk_cases(n: int) -> None:
    """``n`` cases made by PostgreSQL (see the module's docstring), numbered ADV-19xx-…
    so that they never meet the numbers the services give out."""
    if connection.vendor != "postgresql":
        sys.exit("the bulk seed needs PostgreSQL")
    t0 = time.monotonic()
    directorates = list(Directorate.objects.order_by("id").values_list("id", flat=True))
    first = Consultation.objects.filter(number__startswith="ADV-19").count() + 1
    step = 250_000
    for start in range(first, first + n, step):
        last = min(first + n - 1, start + step - 1)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(BULK_SQL, {"first": start, "last": last, "directorates": directorates})
        print(f"  {last - first + 1:>7} bulk consultations ({time.monotonic() - t0:.0f}s)", flush=True)


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
    if detailed < min(args.detailed, args.consultations):
        consultations(min(args.detailed, args.consultations) - detailed, applicants, staff)
    rest = args.consultations - Consultation.objects.count()
    if rest > 0:
        bulk_cases(rest)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"done: {Consultation.objects.count()} consultations")


if __name__ == "__main__":
    main()
