"""What the machine does during a benchmark, read off /proc: the CPU the PostgreSQL
server spends (it runs on this machine), and how fast this shared machine is at the
moment. Used by bench/sweep.py."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _cpu_of(pid: int, *, children: bool = False) -> float:
    """CPU seconds of process ``pid`` (with ``children``: of its exited children too)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu() -> float:
    """CPU seconds the PostgreSQL server (it runs on this machine) has used in all: its
    running processes, and the backends that have exited (the helper connections of a
    sweep: counted into the postmaster's children once it has reaped them). What the
    sweep costs the server, whatever else the machine is doing, with its load on
    other servers' processes counted too (none here but autovacuum, which is off)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
        data = cursor.fetchone()[0]
    try:
        postmaster = int(Path(data, "postmaster.pid").read_text().split()[0])
        total = _cpu_of(postmaster, children=True)
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit() and proc.name != str(postmaster):
                try:
                    if (proc / "stat").read_text().split()[3] == str(postmaster):
                        total += _cpu_of(int(proc.name))
                except OSError:
                    continue
    except OSError:
        return float("nan")
    return total


def cpu_probe() -> float:
    """Seconds of CPU a fixed piece of pure Python takes now: how fast this shared
    machine is at the moment (the same loop has taken 0.8 and 1.45 s a minute apart)."""
    t0 = time.process_time()
    total = 0
    for n in range(3_000_000):
        total += n
    return time.process_time() - t0
