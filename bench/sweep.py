"""Benchmark the deadline sweep (``core.lifecycle.sweep``, every desk) on PostgreSQL with
1,000,000 open cases.

    .venv/bin/python bench/sweep.py [--open 1000000] [--late 10000] [--runs 7]

Creates (once) the database ``advokasi_bench_sweep`` on the local PostgreSQL, fills it
with ``--open`` running cases (one INSERT … SELECT over generate_series: data for
measuring, not a workflow), all due weeks ahead, then prints:

1. the sweep when none is newly late: each of ``--runs`` sweeps in milliseconds (min,
   median, max) and the plans of its two probes (issue 8: < 50 ms);
2. the sweep when ``--late`` of them have just become late, each with an applicant and
   a directorate with a director: cases recorded per second, breach event, credit,
   apology and escalation (e-mail and in-app notice) included (issue 8: >= 2,000/s).

Not a test: numbers, not verdicts. E-mails are queued on Redis db 9 (flushed), never sent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--open", type=int, default=1_000_000)
    parser.add_argument("--late", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ensure_database()

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Directorate, Role, User
    from consultations.models import Consultation
    from core.lifecycle import sweep

    subprocess.run(["redis-cli", "-n", "9", "flushdb"], check=False, capture_output=True)
    directorates = list(Directorate.objects.all())
    for d in directorates:
        User.objects.get_or_create(
            email=f"sweep.direktur.{d.code}@lkpp.go.id",
            defaults={"full_name": f"Direktur {d.code}", "role": Role.DIRECTOR, "directorate": d},
        )
    if not User.objects.filter(email__startswith="sweep.pemohon.").exists():
        User.objects.bulk_create(
            [User(email=f"sweep.pemohon.{i}@contoh.go.id", full_name=f"Pemohon {i}", role=Role.APPLICANT, password="!")
             for i in range(2000)],
            batch_size=2000,
        )
    applicants = list(User.objects.filter(email__startswith="sweep.pemohon.").values_list("pk", flat=True))

    table = Consultation._meta.db_table
    # Earlier runs leave their late cases delivered: top the running clocks up to --open.
    have = Consultation.objects.count()
    missing = args.open - Consultation.objects.clock_running().count()
    now = timezone.now()
    if missing > 0:
        t0 = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table} (number, channel, status, applicant_id, contact_name, contact_email,
                    contact_phone, subject, description, institution_name, procurement_package,
                    procurement_stage, directorate_id, is_priority, language, submitted_at, created_at,
                    updated_at, clock_started_at, due_at)
                SELECT 'ADV-' || (3000 + g / 1000000) || '-' || lpad((g %% 1000000)::text, 6, '0'),
                    'website', 'submitted',
                    (%(applicants)s)[1 + g %% array_length(%(applicants)s, 1)], 'Pemohon', '', '',
                    'Pertanyaan pengadaan ' || g, 'Uraian permasalahan pengadaan.', 'Instansi', '', '',
                    (%(directorates)s)[1 + g %% 3], false, 'id', %(now)s, %(now)s, %(now)s, %(now)s,
                    %(now)s + interval '30 days' + (g %% 10000) * interval '1 minute'
                FROM generate_series(%(first)s, %(last)s) AS g
                """,
                {
                    "applicants": applicants,
                    "directorates": [d.pk for d in directorates],
                    "now": now,
                    "first": have + 1,
                    "last": have + missing,
                },
            )
            cursor.execute(f"ANALYZE {table}")
        print(f"seeded {missing:,} open cases in {time.monotonic() - t0:.1f} s")

    open_cases = Consultation.objects.clock_running().count()
    print(f"\n{open_cases:,} running clocks, PostgreSQL {connection.pg_version // 10000}")

    # 1. Nothing new: the steady state, every minute.
    sweep()  # what an earlier run left late or at risk
    timings = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        report = sweep()
        timings.append((time.perf_counter() - t0) * 1000)
        assert report.breached == 0, report
    print(
        f"sweep, none newly late: min {min(timings):.1f} ms, median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms over {args.runs} runs (target < {TARGET_IDLE_MS} ms)"
    )
    for label, queryset in (
        ("newly late", Consultation.objects.newly_late(timezone.now())),
        ("newly at risk", Consultation.objects.newly_at_risk(timezone.now())),
    ):
        plan = queryset.values("pk")[:500].explain(analyze=True)
        first = plan.splitlines()
        print(f"  plan, {label}:\n    " + "\n    ".join(line for line in first if "Index" in line or "Execution" in line))

    # 2. --late cases became late a minute ago.
    ids = list(
        Consultation.objects.clock_running().filter(breached_at__isnull=True).order_by("pk").values_list("pk", flat=True)[
            : args.late
        ]
    )
    Consultation.objects.filter(pk__in=ids).update(due_at=timezone.now() - timedelta(minutes=1))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    t0 = time.perf_counter()
    report = sweep()
    elapsed = time.perf_counter() - t0
    print(
        f"sweep, {len(ids):,} newly late: {report.breached:,} recorded in {elapsed:.2f} s = "
        f"{report.breached / elapsed:,.0f} cases/s in {report.batches} batches "
        f"(target >= {TARGET_LATE_PER_SECOND:,}/s)"
    )
    # Leave them on record but out of the running set, so the next run measures the same.
    Consultation.objects.filter(pk__in=ids).update(status="delivered", completed_at=timezone.now(), completed_on_time=False)
    subprocess.run(["redis-cli", "-n", "9", "flushdb"], check=False, capture_output=True)


if __name__ == "__main__":
    main()
