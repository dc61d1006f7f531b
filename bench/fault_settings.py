"""Settings of bench/faults.py: the benchmark's production settings over plain HTTP on
loopback, with the project's own URLs, so that its error handlers (the 503 page of a
database outage, the 400 and 500 pages) answer as in production."""

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "advokasi.urls"
