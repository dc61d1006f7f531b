"""Benchmark the deadline sweep (``core.lifecycle.sweep``, every desk) on PostgreSQL with
1,000,000 open consultations (and open complaints), and check that it tells once.

    .venv/bin/python bench/sweep.py [--open 1000000] [--complaints 50000] [--late 2000] [--runs 7]

Creates (once) the database ``advokasi_bench_sweep`` on the local PostgreSQL, fills it
with ``--open`` running consultations, a quarter of each channel (letters and walk-ins
from a contact without an account, website and online meetings from one of 2,000
applicants), and ``--complaints`` open complaints, all due weeks ahead (one INSERT …
SELECT over generate_series each: data for measuring, not a workflow; the search
index's trigger is off while they go in, the sweep does not read it). Each directorate
has a director, a staff member and two complaint handlers. Then it prints:

1. the sweep when none is newly late: each of ``--runs`` sweeps in milliseconds (min,
   median, max) and the plans of its probes (issue 26: < 50 ms);
2. the sweep when ``--late`` cases have just become late, a fifth of them on each
   consultation channel (half of those assigned) and a fifth complaints: cases recorded
   per second, with everything a breach brings (consultation: event, credit, apology,
   escalation e-mail and notice to the assignee and the director; complaint: event,
   notice and e-mail to the director and the handlers) (issue 26: >= 2,000/s);
3. exactly once: a second sweep over the same cases (it must record none), then a fresh
   ``--late`` set swept by two processes at once (each its own connection, started
   together), then a third sweep; after each, per desk and per case, how many breach
   events, credits, apologies, notices and e-mails there are (each must be one per case,
   or per case and recipient). A count other than one fails the run (exit status 1);
4. the at-risk reminders: ``--late`` cases of the same mix due in 10 minutes, one sweep
   timed, one more, and the at-risk events per case (one each).

Not a test: numbers (and the exactly-once counts). E-mails are queued on Redis db 9
(flushed), never sent. The late cases are left delivered (closed), so each run finds
the same number of open cases (it tops them up to ``--open``), and vacuums the two
tables it churns before it measures, as autovacuum would (off on this machine).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get("BENCH_SWEEP_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/advokasi_bench_sweep")
BROKER = "redis://127.0.0.1:6379/9"
os.environ.update(
    {"DATABASE_URL": DB_URL, "CELERY_BROKER_URL": BROKER, "REDIS_URL": BROKER, "DJANGO_SETTINGS_MODULE": "bench.settings"}
)
sys.path.insert(0, str(ROOT))

TARGET_IDLE_MS = 50
TARGET_LATE_PER_SECOND = 2000
CHANNELS = ("surat", "tatap_muka", "website", "daring")
# Channels whose cases come from a contact without an account (a letter, a walk-in).
CONTACT_CHANNELS = ("surat", "tatap_muka")


def sh(*args: str) -> None:
    subprocess.run(args, cwd=ROOT, check=True, env=os.environ)


def ensure_database() -> None:
    name = DB_URL.rsplit("/", 1)[1]
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not exists:
        sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}")
    sh(sys.executable, "manage.py", "migrate", "--noinput", "-v", "0")
    sh(sys.executable, "manage.py", "sync_holidays", "-v", "0")


def flush_redis() -> None:
    subprocess.run(["redis-cli", "-n", "9", "flushdb"], check=False, capture_output=True)


# --- the data ---------------------------------------------------------------------------


def people():
    """A director, a staff member and two complaint handlers per directorate; 2,000
    applicants. Returns (directorates, staff by directorate id, applicant ids)."""
    from accounts.models import Directorate, Role, User

    directorates = list(Directorate.objects.order_by("pk"))
    staff = {}
    for d in directorates:
        for role, email in (
            (Role.DIRECTOR, f"sweep.direktur.{d.code}@lkpp.go.id"),
            (Role.STAFF, f"sweep.staf.{d.code}@lkpp.go.id"),
            (Role.COMPLAINT_HANDLER, f"sweep.pengaduan1.{d.code}@lkpp.go.id"),
            (Role.COMPLAINT_HANDLER, f"sweep.pengaduan2.{d.code}@lkpp.go.id"),
        ):
            user, _ = User.objects.get_or_create(
                email=email, defaults={"full_name": email.split("@")[0], "role": role, "directorate": d}
            )
            if role == Role.STAFF:
                staff[d.pk] = user.pk
    if not User.objects.filter(email__startswith="sweep.pemohon.").exists():
        User.objects.bulk_create(
            [User(email=f"sweep.pemohon.{i}@contoh.go.id", full_name=f"Pemohon {i}", role=Role.APPLICANT, password="!")
             for i in range(2000)],
            batch_size=2000,
        )
    applicants = list(User.objects.filter(email__startswith="sweep.pemohon.").values_list("pk", flat=True))
    return directorates, staff, applicants


def seed(table: str, sql: str, params: dict, missing: int, what: str) -> None:
    from django.db import connection

    t0 = time.monotonic()
    with connection.cursor() as cursor:
        # The search index's trigger refreshes an entry per row: off for the seed (the
        # sweep does not read the search index), on again after it.
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER search_entry_touch")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER search_entry_touch")
        cursor.execute(f"ANALYZE {table}")
    print(f"seeded {missing:,} {what} in {time.monotonic() - t0:.1f} s")


def vacuum() -> None:
    """What autovacuum does between runs on a server where it is on (this machine's
    PostgreSQL has it off: ``SHOW autovacuum``): each run updates thousands of cases
    several times, and without it their dead versions pile up run after run in the
    tables and their indexes (885,000 dead cases after ~25 runs; every run slower)."""
    from django.db import connection

    from complaints.models import Complaint
    from consultations.models import Consultation

    t0 = time.monotonic()
    with connection.cursor() as cursor:
        for model in (Consultation, Complaint):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    print(f"vacuumed the cases and the complaints in {time.monotonic() - t0:.1f} s")


def top_up(args, directorates, applicants) -> None:
    """Running consultations up to ``--open``, open complaints up to ``--complaints``
    (earlier runs leave their late cases closed)."""
    from django.utils import timezone

    from complaints.models import Complaint
    from consultations.models import Consultation

    now = timezone.now()
    directorate_ids = [d.pk for d in directorates]
    missing = args.open - Consultation.objects.clock_running().count()
    if missing > 0:
        have = Consultation.objects.count()
        seed(
            Consultation._meta.db_table,
            f"""
            INSERT INTO {Consultation._meta.db_table} (number, channel, status, applicant_id, contact_name,
                contact_email, contact_phone, subject, description, institution_name, procurement_package,
                procurement_stage, directorate_id, is_priority, language, submitted_at, created_at,
                updated_at, clock_started_at, due_at)
            SELECT 'ADV-' || (3000 + g / 1000000) || '-' || lpad((g %% 1000000)::text, 6, '0'),
                (%(channels)s::text[])[1 + g %% 4], 'submitted',
                CASE WHEN g %% 4 < 2 THEN NULL
                     ELSE (%(applicants)s)[1 + g %% array_length(%(applicants)s, 1)] END,
                'Pemohon ' || g,
                CASE WHEN g %% 4 < 2 THEN 'tamu' || g || '@contoh.go.id' ELSE '' END,
                '', 'Pertanyaan pengadaan ' || g, 'Uraian permasalahan pengadaan.', 'Instansi', '', '',
                (%(directorates)s)[1 + g %% 3], false, 'id', %(now)s, %(now)s, %(now)s, %(now)s,
                %(now)s + interval '30 days' + (g %% 10000) * interval '1 minute'
            FROM generate_series(%(first)s, %(last)s) AS g
            """,
            {"channels": list(CHANNELS), "applicants": applicants, "directorates": directorate_ids, "now": now,
             "first": have + 1, "last": have + missing},
            missing, "running consultations",
        )
    missing = args.complaints - Complaint.objects.clock_running().count()
    if missing > 0:
        have = Complaint.objects.count()
        seed(
            Complaint._meta.db_table,
            f"""
            INSERT INTO {Complaint._meta.db_table} (kind, channel, status, directorate_id, text, name, email,
                phone, language, extension, eoffice_reference, lapor_number, scan, scan_name, received_at,
                tracking_digest, follow_up, created_at, updated_at, clock_started_at, due_at)
            SELECT 'pengaduan', 'web', 'received', (%(directorates)s)[1 + g %% 3], 'Uraian pengaduan ' || g,
                'Pelapor', 'pelapor' || g || '@contoh.go.id', '', 'id', '', '', '', '', '', %(now)s,
                md5('sweep-bench-' || g), '', %(now)s, %(now)s, %(now)s,
                %(now)s + interval '30 days' + (g %% 10000) * interval '1 minute'
            FROM generate_series(%(first)s, %(last)s) AS g
            """,
            {"directorates": directorate_ids, "now": now, "first": have + 1, "last": have + missing},
            missing, "open complaints",
        )


def make_late(n: int, staff: dict[int, int], *, due_in: timedelta = timedelta(minutes=-1)) -> dict[str, list[int]]:
    """``n`` running cases that became late a minute ago (or are due ``due_in`` from now:
    in 10 minutes, every rule's at risk): a fifth per consultation channel (half of those
    assigned to the directorate's staff member), a fifth complaints."""
    from django.db import connection
    from django.utils import timezone

    from complaints.models import Complaint
    from consultations.models import Consultation

    per = n // 5
    late_at = timezone.now() + due_in
    fresh = {"breached_at__isnull": True, "at_risk_notified_at__isnull": True}
    consultations = []
    for channel in CHANNELS:
        rows = list(
            Consultation.objects.clock_running().filter(channel=channel, **fresh).order_by("pk")
            .values_list("pk", "directorate_id")[:per]
        )
        consultations += [pk for pk, _ in rows]
        for directorate_id, assigned in _by_directorate(rows[::2]).items():
            Consultation.objects.filter(pk__in=assigned).update(status="assigned", assignee_id=staff[directorate_id])
    complaints = list(
        Complaint.objects.clock_running().filter(**fresh).order_by("pk").values_list("pk", flat=True)[: n - 4 * per]
    )
    Consultation.objects.filter(pk__in=consultations).update(due_at=late_at)
    Complaint.objects.filter(pk__in=complaints).update(due_at=late_at)
    with connection.cursor() as cursor:
        # As autovacuum would after such a change (bench/README.md).
        cursor.execute(f"ANALYZE {Consultation._meta.db_table}")
        cursor.execute(f"ANALYZE {Complaint._meta.db_table}")
    return {"consultations": consultations, "complaints": complaints}


def _by_directorate(rows):
    grouped = defaultdict(list)
    for pk, directorate_id in rows:
        grouped[directorate_id].append(pk)
    return grouped


def retire(late: dict[str, list[int]], *, on_time: bool = False) -> None:
    """Leave the late cases on record but closed, so the next run measures the same.
    ``on_time``: cases closed before their deadline (the at-risk set): closed late with
    no breach on record, the next run's first sweep would record a breach for each."""
    from django.utils import timezone

    from complaints.models import Complaint
    from consultations.models import Consultation

    now = timezone.now()
    Consultation.objects.filter(pk__in=late["consultations"]).update(
        status="delivered", completed_at=now, completed_on_time=on_time
    )
    Complaint.objects.filter(pk__in=late["complaints"]).update(
        status="closed", follow_up="Ditindaklanjuti (bench).", completed_at=now, completed_on_time=on_time
    )


# --- exactly once -------------------------------------------------------------------------


def counts(late: dict[str, list[int]]) -> dict[str, dict[str, Counter]]:
    """Per desk, for each thing a breach brings: how many cases (or case-and-recipient
    pairs) have it how many times (``Counter({1: 400})``: 400 have it once). ``missing``
    counts the pairs that should have it and have none (who should: the assignee and the
    director of a consultation's directorate; a complaint's director and handlers)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from accounts.models import Role, User
    from complaints import notices as complaint_notices
    from complaints.models import Complaint, ComplaintEvent
    from complaints.models import EventType as ComplaintEventType
    from consultations import emails
    from consultations import notices as consultation_notices
    from consultations.models import Consultation, Event, EventType, PriorityCredit
    from notifications.models import Notice, OutboundEmail

    def per(queryset, *keys: str) -> Counter:
        return Counter(row["n"] for row in queryset.values(*keys).annotate(n=Count("id")).order_by())

    def pairs(queryset, *keys: str) -> set[tuple]:
        return set(queryset.values_list(*keys).distinct())

    out: dict[str, dict[str, Counter]] = {}
    people = defaultdict(set)
    for user in User.objects.filter(is_active=True, directorate__isnull=False).values("pk", "email", "role",
                                                                                    "directorate_id"):
        people[(user["directorate_id"], user["role"])].add((user["pk"], user["email"]))

    ids = late["consultations"]
    ct = ContentType.objects.get_for_model(Consultation)
    cases = Consultation.objects.filter(pk__in=ids).values("pk", "directorate_id", "assignee__pk", "assignee__email")
    expected = set()
    for case in cases:
        who = set(people[(case["directorate_id"], Role.DIRECTOR.value)])
        if case["assignee__pk"]:
            who.add((case["assignee__pk"], case["assignee__email"]))
        expected |= {(case["pk"], pk, email) for pk, email in who}
    notices = Notice.objects.filter(subject_type=ct, subject_id__in=ids, kind=consultation_notices.KIND_BREACHED)
    escalations = OutboundEmail.objects.filter(subject_type=ct, subject_id__in=ids, template=emails.DEADLINE_BREACHED)
    out["consultations"] = {
        "marked": Counter({1: Consultation.objects.filter(pk__in=ids, breached_at__isnull=False).count()}),
        "breach events": per(Event.objects.filter(consultation__in=ids, type=EventType.DEADLINE_BREACHED),
                             "consultation"),
        "credits": per(PriorityCredit.objects.filter(granted_for__in=ids), "granted_for"),
        "apologies": per(OutboundEmail.objects.filter(subject_type=ct, subject_id__in=ids,
                                                      template=emails.BREACH_APOLOGY), "subject_id"),
        "notices": per(notices, "subject_id", "recipient"),
        "escalation e-mails": per(escalations, "subject_id", "recipient"),
        "missing": Counter({
            "notices": len({(c, u) for c, u, _ in expected} - pairs(notices, "subject_id", "recipient")),
            "e-mails": len({(c, e) for c, _, e in expected} - pairs(escalations, "subject_id", "recipient")),
        }),
    }

    ids = late["complaints"]
    ct = ContentType.objects.get_for_model(Complaint)
    expected = set()
    for pk, directorate_id in Complaint.objects.filter(pk__in=ids).values_list("pk", "directorate_id"):
        who = people[(directorate_id, Role.DIRECTOR.value)] | people[(directorate_id, Role.COMPLAINT_HANDLER.value)]
        expected |= {(pk, user_pk, email) for user_pk, email in who}
    notices = Notice.objects.filter(subject_type=ct, subject_id__in=ids, kind=complaint_notices.KIND_BREACHED)
    mails = OutboundEmail.objects.filter(
        subject_type=ct, subject_id__in=ids, template=complaint_notices.STAFF,
        context__notice_kind=complaint_notices.KIND_BREACHED,
    )
    out["complaints"] = {
        "marked": Counter({1: Complaint.objects.filter(pk__in=ids, breached_at__isnull=False).count()}),
        "breach events": per(ComplaintEvent.objects.filter(complaint__in=ids, type=ComplaintEventType.BREACHED),
                             "complaint"),
        "notices": per(notices, "subject_id", "recipient"),
        "escalation e-mails": per(mails, "subject_id", "recipient"),
        "missing": Counter({
            "notices": len({(c, u) for c, u, _ in expected} - pairs(notices, "subject_id", "recipient")),
            "e-mails": len({(c, e) for c, _, e in expected} - pairs(mails, "subject_id", "recipient")),
        }),
    }
    return out


def reminded(risky: dict[str, list[int]]) -> Counter:
    """How many cases have how many at-risk events (``Counter({1: 2000})``: each one)."""
    from django.db.models import Count

    from complaints.models import ComplaintEvent
    from complaints.models import EventType as ComplaintEventType
    from consultations.models import Event, EventType

    counter = Counter()
    for queryset, key in (
        (Event.objects.filter(consultation__in=risky["consultations"], type=EventType.DEADLINE_AT_RISK), "consultation"),
        (ComplaintEvent.objects.filter(complaint__in=risky["complaints"], type=ComplaintEventType.AT_RISK), "complaint"),
    ):
        counter.update(row["n"] for row in queryset.values(key).annotate(n=Count("id")).order_by())
    return counter


def check_once(label: str, late: dict[str, list[int]]) -> bool:
    """Print the counts; True when each thing is there once per case (or pair)."""
    good = True
    print(f"  exactly once, {label}:")
    for desk, things in counts(late).items():
        cases = len(late[desk])
        parts = []
        for what, counter in things.items():
            if what == "missing":
                ok = not any(counter.values())
                parts.append(f"missing {counter['notices']} notices, {counter['e-mails']} e-mails")
            else:
                ok = set(counter) == {1} and (what not in ("marked", "breach events", "credits", "apologies")
                                              or counter[1] == cases)
                parts.append(f"{what} " + ", ".join(f"{n}×{times}" for times, n in sorted(counter.items())))
            good = good and ok
        print(f"    {desk} ({cases:,} cases): " + "; ".join(parts))
    print(f"    -> {'each exactly once' if good else 'NOT EXACTLY ONCE'}")
    return good


# --- the runs ------------------------------------------------------------------------------


def use_connections() -> None:
    """``--connections``: the claim loops of one sweep (``core.lifecycle.CONNECTIONS``)."""
    from core import lifecycle

    if os.environ.get("BENCH_SWEEP_CONNECTIONS"):
        lifecycle.CONNECTIONS = int(os.environ["BENCH_SWEEP_CONNECTIONS"])


def child(go_at: float, batch_size: int) -> None:
    """One sweep in this process (``--child``), started at ``go_at`` (time.time())."""
    import django

    django.setup()
    from django.db import connection
    from django.urls import reverse

    from core.lifecycle import sweep

    use_connections()

    connection.ensure_connection()
    reverse("complaints:lookup")  # the URLconf, as in main()
    from advokasi.celery import freeze_startup_heap

    freeze_startup_heap()  # as in main()
    time.sleep(max(0.0, go_at - time.time()))
    t0 = time.perf_counter()
    report = sweep(batch_size=batch_size)
    print(json.dumps(report.as_dict() | {"seconds": time.perf_counter() - t0}), flush=True)


def two_at_once(batch_size: int, connections: int) -> list[dict]:
    go_at = time.time() + 4.0  # after both have set Django up and connected
    command = [sys.executable, __file__, "--child", "--go-at", str(go_at), "--batch-size", str(batch_size),
               "--connections", str(connections)]
    processes = [subprocess.Popen(command, cwd=ROOT, env=os.environ, stdout=subprocess.PIPE, text=True)
                 for _ in range(2)]
    reports = []
    for process in processes:
        output, _ = process.communicate(timeout=600)
        if process.returncode:
            raise SystemExit(f"a concurrent sweep failed ({process.returncode}): {output}")
        reports.append(json.loads(output.strip().splitlines()[-1]))
    return reports


def per_desk(report) -> str:
    return ", ".join(f"{label} {desk.breached:,}" for label, desk in report.desks.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--open", type=int, default=1_000_000, help="running consultations")
    parser.add_argument("--complaints", type=int, default=50_000, help="open complaints")
    parser.add_argument("--late", type=int, default=2000, help="cases made late for each of the two late sweeps")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=0, help="default: core.lifecycle.BATCH_SIZE")
    parser.add_argument("--connections", type=int, default=0, help="default: core.lifecycle.CONNECTIONS")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--go-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.connections:
        os.environ["BENCH_SWEEP_CONNECTIONS"] = str(args.connections)
    if args.child:
        child(args.go_at, args.batch_size)
        return
    ensure_database()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.urls import reverse
    from django.utils import timezone

    from complaints.models import Complaint
    from consultations.models import Consultation
    from core import lifecycle

    batch_size = args.batch_size or lifecycle.BATCH_SIZE
    use_connections()
    # The URLconf, as a worker that has run a sweep before has it: the first reverse()
    # of a process imports every view (~3 s here), which is no part of a sweep.
    reverse("complaints:lookup")
    # And its heap as a worker's is when it runs a task: what start-up loaded is out of
    # the cyclic collector's way (advokasi/celery.py).
    from advokasi.celery import freeze_startup_heap

    freeze_startup_heap()
    flush_redis()
    directorates, staff, applicants = people()
    top_up(args, directorates, applicants)
    vacuum()
    running = Consultation.objects.clock_running().count()
    print(
        f"\n{running:,} running consultations ({', '.join(CHANNELS)}: a quarter each), "
        f"{Complaint.objects.clock_running().count():,} open complaints, PostgreSQL {connection.pg_version // 10000}"
    )

    # 1. Nothing new: the steady state, every minute.
    lifecycle.sweep()  # what an earlier run left late or at risk
    timings = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        report = lifecycle.sweep(batch_size=batch_size)
        timings.append((time.perf_counter() - t0) * 1000)
        assert report.breached == 0, report
    print(
        f"sweep, none newly late: min {min(timings):.1f} ms, median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms over {args.runs} runs (target < {TARGET_IDLE_MS} ms)"
    )
    now = timezone.now()
    for desk in lifecycle.desks():
        for label, queryset, order in (("newly late", desk.model.objects.newly_late(now), "due_at"),
                                       ("newly at risk", desk.model.objects.newly_at_risk(now), None)):
            # The claim as a batch sends it (core.lifecycle.claim), lock and all; the
            # at-risk claim planned without a sequential scan, as the sweep asks for it.
            with transaction.atomic():
                if order is None:
                    lifecycle._set_local(queryset, "enable_seqscan = off")
                plan = lifecycle.claim(queryset, order=order)[:batch_size].explain(analyze=True)
            lines = [line.strip() for line in plan.splitlines() if "Index" in line or "Execution" in line]
            print(f"  plan, {desk.label} {label}: " + " | ".join(lines))

    # 2. --late cases became late a minute ago: one sweep, timed.
    late = make_late(args.late, staff)
    from bench.machine import cpu_probe, server_cpu

    probe = cpu_probe()
    server = server_cpu()
    cpu, t0 = time.process_time(), time.perf_counter()
    report = lifecycle.sweep(batch_size=batch_size)
    elapsed = time.perf_counter() - t0
    cpu, server = time.process_time() - cpu, server_cpu() - server
    print(
        f"sweep, {sum(map(len, late.values())):,} newly late: {report.breached:,} recorded ({per_desk(report)}) "
        f"in {elapsed:.2f} s = {report.breached / elapsed:,.0f} cases/s in {report.batches} batches of up to "
        f"{batch_size}, {lifecycle.CONNECTIONS} connections (target >= {TARGET_LATE_PER_SECOND:,}/s)\n"
        f"  CPU: this process {cpu:.2f} s, the PostgreSQL server {server:.2f} s; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; CPU probe {probe:.2f} s (lower is a faster machine)"
    )
    # 3. Exactly once: the same sweep again, then two at once on a fresh set.
    again = lifecycle.sweep(batch_size=batch_size)
    print(f"  the next sweep: {again.breached} recorded")
    good = again.breached == 0 and check_once("after the timed sweep and one more", late)
    retire(late)

    fresh = make_late(args.late, staff)
    reports = two_at_once(batch_size, lifecycle.CONNECTIONS)
    print(
        f"two sweeps at once, {sum(map(len, fresh.values())):,} newly late: recorded "
        + " + ".join(f"{r['breached']:,} ({r['batches']} batches, {r['seconds']:.2f} s)" for r in reports)
    )
    third = lifecycle.sweep(batch_size=batch_size)
    print(f"  a third sweep after them: {third.breached} recorded")
    good = (
        check_once("after two sweeps at once and a third", fresh)
        and third.breached == 0
        and sum(r["breached"] for r in reports) == sum(map(len, fresh.values()))
        and good
    )
    retire(fresh)

    # 4. The same number became at risk (due in 10 minutes): the reminders, one sweep.
    risky = make_late(args.late, staff, due_in=timedelta(minutes=10))
    t0 = time.perf_counter()
    report = lifecycle.sweep(batch_size=batch_size)
    elapsed = time.perf_counter() - t0
    again = lifecycle.sweep(batch_size=batch_size)
    events = reminded(risky)
    print(
        f"sweep, {sum(map(len, risky.values())):,} newly at risk: {report.at_risk:,} reminded in {elapsed:.2f} s = "
        f"{report.at_risk / elapsed:,.0f} cases/s; the next sweep: {again.at_risk} reminded; at-risk events per "
        f"case: {events}"
    )
    good = good and report.at_risk == sum(map(len, risky.values())) and again.at_risk == 0 and set(events) == {1}
    retire(risky, on_time=True)
    flush_redis()
    if not good:
        raise SystemExit("NOT EXACTLY ONCE")


if __name__ == "__main__":
    main()
