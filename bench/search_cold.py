"""One search at a time, in process, with no result cache: what a query nobody asked in
the last SEARCH_CACHE_SECONDS costs (bench/run.py measures the pages over HTTP, where
wrk asks the same words again and again).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/advokasi_bench_search_1m \
      .venv/bin/python bench/search_cold.py [--runs 5]

Run after bench/run.py has seeded that database. Prints, per query and searcher, the
median milliseconds of the ranked window (one query), the page's rows and its results
(cases, complaints, headlines), and of the case page's similar answered cases.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/advokasi_bench"
)

import django  # noqa: E402

django.setup()

from accounts.models import User  # noqa: E402
from consultations.models import Consultation  # noqa: E402
from search import query, selectors  # noqa: E402
from search.views import PER_PAGE  # noqa: E402

QUERIES = ("kontrak", "PPK", "katalog elektronik", "drone", "pemutusan kontrak wanprestasi")


def timed(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    director = User.objects.get(email="bench.pusat.0@lkpp.go.id")
    admin = User.objects.get(email="bench.admin@lkpp.go.id")
    print(f"{Consultation.objects.count()} cases; median of {runs} runs, ms")
    print(f"{'query':<32}{'searcher':<10}{'window':>8}{'rows':>7}{'page':>8}{'whole':>8}  matches")
    for text in QUERIES:
        terms = query.parse(text)
        for name, user in (("director", director), ("admin", admin)):
            window_ms, found = timed(lambda u=user, t=terms: selectors.ranked(selectors.scoped(u), t), runs)
            ids = found.ids[:PER_PAGE]
            rows_ms, entries = timed(lambda i=ids: selectors.page_entries(i), runs)
            page_ms, _ = timed(lambda u=user, e=entries, t=terms: selectors.results(u, e, t), runs)
            matches = f"{'more than ' if found.more else ''}{len(found)}"
            total = window_ms + rows_ms + page_ms
            print(f"{text:<32}{name:<10}{window_ms:>8.1f}{rows_ms:>7.1f}{page_ms:>8.1f}{total:>8.1f}  {matches}")
    case = (
        Consultation.objects.filter(directorate=director.directorate, answers__isnull=False, messages__isnull=False)
        .order_by("-id").first()
    )
    terms = query.significant(f"{case.subject} {case.description}")
    from django.core.cache import cache

    def similar():
        cache.clear()
        return selectors.similar_cases(director, case, terms)

    ms, found = timed(similar, runs)
    print(f"similar answered cases of {case.number} (director, {len(terms.words)} words ORed): {ms:.1f} ms, {len(found)} found")


if __name__ == "__main__":
    main()
