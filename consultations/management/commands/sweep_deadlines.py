"""``manage.py sweep_deadlines``: one deadline sweep, what beat runs every minute."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from consultations.services import sweep_deadlines
from consultations.services.sweep import BATCH_SIZE


class Command(BaseCommand):
    help = (
        "Record the breach of every case whose deadline has passed (event, priority credit, apology to the "
        "applicant, escalation to the assignee and the director) and send the at-risk reminders that are due. "
        "Safe to run at any time, as often as you like, also while the beat task runs: nothing is done twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"cases per transaction (default {BATCH_SIZE})")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        report = sweep_deadlines(batch_size=batch_size)
        self.stdout.write(
            f"deadline sweep: {report.breached} newly late cases recorded (breach event, priority credit, "
            f"e-mails queued), {report.at_risk} at-risk reminders, in {report.batches} batches"
        )
        if report.problems:
            # The work that could be done is done and committed; say loudly what was not.
            raise CommandError("\n".join(report.problems))
