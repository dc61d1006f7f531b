"""``manage.py sweep_complaints``: one deadline sweep of the complaints desk alone,
through the one engine (``core.lifecycle``); beat sweeps every desk every minute
(``manage.py sweep_deadlines`` does that once)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from complaints.sweep import sweep_complaints


class Command(BaseCommand):
    help = (
        "Record the breach of every complaint not followed up within 5 working days (event, escalation to the "
        "director; no priority credit) and send the at-risk reminders that are due. Safe to run at any time."
    )

    def handle(self, *args, **options):
        report = sweep_complaints()
        self.stdout.write(f"complaint sweep: {report.breached} newly late, {report.at_risk} at-risk reminders")
        if report.problems:
            # The breaches are recorded and committed; say loudly what was not done.
            raise CommandError("\n".join(report.problems))
