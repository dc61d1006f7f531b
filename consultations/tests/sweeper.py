"""Run by test_sweep_processes.py in separate processes: one deadline sweep of every desk
(``core.lifecycle.sweep``) on the test database (``ADVOKASI_TEST_DATABASE_NAME``), as a
worker would run it.

    python -m consultations.tests.sweeper NOW_ISO BATCH_SIZE [PAUSE_SECONDS] [KILL_IN_BATCH]

PAUSE_SECONDS: how long each batch holds its claimed rows before it records them, so
that two sweeps started together really overlap. KILL_IN_BATCH: the process kills itself
with SIGKILL inside that batch's transaction, after its breaches are written and before
they commit — a worker lost in the middle of a sweep. Prints the report as JSON.
"""

import itertools
import json
import os
import signal
import sys
import time
from datetime import datetime


def main(now: str, batch_size: int, pause: float = 0.0, kill_in_batch: int = 0) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advokasi.settings.test")
    import django

    django.setup()
    from core import lifecycle

    real_record = lifecycle.record_breaches
    batches = itertools.count(1)  # numbered as they start, by one claim loop or another

    def record_slowly(desk, rows, *, now):
        number = next(batches)
        time.sleep(pause)
        real_record(desk, rows, now=now)
        if number == kill_in_batch:
            print("DYING", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    lifecycle.record_breaches = record_slowly
    report = lifecycle.sweep(now=datetime.fromisoformat(now), batch_size=batch_size)
    print(json.dumps({"breached": report.breached, "batches": report.batches}), flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], int(args[1]), float(args[2]) if len(args) > 2 else 0.0, int(args[3]) if len(args) > 3 else 0)
