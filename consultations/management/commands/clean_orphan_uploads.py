"""``manage.py clean_orphan_uploads``: what the nightly beat task does, on demand."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from consultations.housekeeping import (
    ORPHAN_AGE,
    prune_form_tokens,
    remove_orphan_uploads,
    remove_stale_upload_temp_files,
)


class Command(BaseCommand):
    help = (
        "Delete stored upload files that no attachment references (left by a process killed "
        "mid-submission) once they are older than --hours, this host's temporary upload files older than "
        "an hour, and one-time form tokens older than 30 days."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=ORPHAN_AGE.total_seconds() / 3600,
            help="only files older than this many hours (default: 24)",
        )

    def handle(self, *args, hours: float, **options):
        files = remove_orphan_uploads(older_than=timedelta(hours=hours))
        temporary = remove_stale_upload_temp_files()
        tokens = prune_form_tokens()
        self.stdout.write(
            f"removed {files} orphan files, {temporary} temporary upload files and {tokens} old form tokens"
        )
