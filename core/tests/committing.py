"""For tests of what ``core.lookups`` keeps: commit what the test's transaction changed,
as far as the lookups are concerned."""

from __future__ import annotations

from django.db import transaction

from core.lookups import Versioned


def commit_for_tests() -> None:
    """Run the lookups' on-commit callbacks registered so far, as the commit of the test's
    transaction would (pytest-django's transaction never commits): the test then reads
    the kept copies and counts as a process does after others' changes committed."""
    connection = transaction.get_connection()
    ours = [entry for entry in connection.run_on_commit if isinstance(getattr(entry[1], "__self__", None), Versioned)]
    connection.run_on_commit = [entry for entry in connection.run_on_commit if entry not in ours]
    for entry in ours:
        entry[1]()
