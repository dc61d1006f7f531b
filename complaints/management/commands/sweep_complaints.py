"""``manage.py sweep_complaints``: one complaint deadline sweep, what beat runs every minute."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from complaints.sweep import sweep_complaints


class Command(BaseCommand):
    help = (
        "Record the breach of every complaint not followed up within 5 working days (event, escalation to the "
        "director; no priority credit) and send the at-risk reminders that are due. Safe to run at any time."
    )

    def handle(self, *args, **options):
        report = sweep_complaints()
        self.stdout.write(f"complaint sweep: {report.breached} newly late, {report.at_risk} at-risk reminders")
