"""``manage.py sweep_deadlines``: one deadline sweep of every desk, what beat runs every
minute (``core.lifecycle.sweep``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.lifecycle import BATCH_SIZE, sweep


class Command(BaseCommand):
    help = (
        "Record the breach of every deadline that has passed, on every desk (consultations: event, priority "
        "credit, apology to the applicant, escalation to the assignee and the director; complaints: event, "
        "escalation to the director) and send the at-risk reminders that are due. Safe to run at any time, as "
        "often as you like, also while the beat task runs: nothing is done twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"rows per transaction (default {BATCH_SIZE})")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        report = sweep(batch_size=batch_size)
        self.stdout.write(
            f"deadline sweep: {report.breached} newly late cases recorded (breach event, the desk's "
            f"compensation and e-mails queued), {report.at_risk} at-risk reminders, in {report.batches} batches"
        )
        for label, done in report.desks.items():
            self.stdout.write(f"  {label}: {done.breached} newly late, {done.at_risk} at-risk reminders")
        if report.problems:
            # The work that could be done is done and committed; say loudly what was not.
            raise CommandError("\n".join(report.problems))
