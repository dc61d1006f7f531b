"""Seed the complaints desk for the benchmarks: ``n`` complaints (20,000 by default)
over the three directorates and the last 24 months, a complaint handler per directorate.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/advokasi_bench \
        .venv/bin/python bench/complaints_seed.py [--complaints 20000]

Bulk rows (data for measuring, not a workflow): about 90% followed up (some late, the
breach recorded), the rest open — some of those past their deadline. Each row has its
own random tracking digest; the one complaint the tracking page is measured on is filed
through the real service by ``bench/targets.py``.
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

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Directorate, Role, User  # noqa: E402
from complaints import codes  # noqa: E402
from complaints.models import Channel, Complaint, Kind, Status, follow_up_due  # noqa: E402

BATCH = 5000
PASSWORD = "advokasi-bench"


def handlers() -> dict[int, User]:
    found = {}
    for directorate in Directorate.objects.all():
        email = f"bench.pengaduan.{directorate.code}@lkpp.go.id"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=f"Pengaduan {directorate.code}",
                                            role=Role.COMPLAINT_HANDLER, directorate=directorate)
        found[directorate.pk] = user
    return found


def seed(n: int) -> None:
    t0 = time.monotonic()
    people = handlers()
    directorates = list(Directorate.objects.all())
    now = timezone.now()
    rng = random.Random(12)
    rows = []
    for i in range(n):
        directorate = directorates[i % len(directorates)]
        received = now - timedelta(minutes=rng.randrange(0, 24 * 30 * 24 * 60))
        due = follow_up_due(received)
        row = Complaint(
            kind=rng.choice(Kind.values), channel=rng.choice(Channel.values), directorate=directorate,
            text="Pengaduan untuk pengukuran kinerja halaman.", received_at=received, created_at=received,
            updated_at=received, tracking_digest=codes.digest(codes.new_code()),
            clock_started_at=received, due_at=due, lapor_number="",
        )
        if row.channel == Channel.LAPOR:
            row.lapor_number = str(1_000_000 + i)
        if rng.random() < 0.9 and received < now - timedelta(days=1):
            done = min(received + timedelta(hours=rng.randrange(1, 24 * 9)), now)
            row.status, row.handler = Status.CLOSED, people[directorate.pk]
            row.follow_up = "Sudah ditindaklanjuti."
            row.completed_at, row.completed_on_time = done, done <= due
            if not row.completed_on_time:
                row.breached_at = due
        elif due < now:
            row.breached_at = due
        rows.append(row)
        if len(rows) == BATCH:
            with transaction.atomic():
                Complaint.objects.bulk_create(rows)
            rows = []
    if rows:
        Complaint.objects.bulk_create(rows)
    print(f"  {n} complaints ({time.monotonic() - t0:.0f}s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=20_000)
    args = parser.parse_args()
    have = Complaint.objects.count()
    if have >= args.complaints:
        handlers()
        print(f"already {have} complaints; nothing to do")
        return
    seed(args.complaints - have)


if __name__ == "__main__":
    main()
