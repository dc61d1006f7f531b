"""Issue #6 (6): a web process killed mid-submission leaves files with no row; they are
never reachable, and the nightly clean-up removes them while committed files stay."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts.models import InstitutionType
from accounts.tests.factories import ApplicantFactory
from consultations.housekeeping import prune_form_tokens, remove_orphan_uploads
from consultations.models import Attachment, Consultation
from core.models import FormSubmission

from .conftest import SPEC_START
from .factories import category, pdf, submit

ROOT = Path(__file__).resolve().parents[2]


def stored_files(uploads: Path) -> set[str]:
    return {str(p.relative_to(uploads)) for p in uploads.rglob("*") if p.is_file()}


def age(uploads: Path, name: str, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(uploads / name, (then, then))


@pytest.mark.db_file  # the submission is a subprocess
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_submission_killed_before_commit_leaves_nothing_after_the_clean_up(_uploads, holidays):
    applicant = ApplicantFactory(profile__institution_type=InstitutionType.KL)
    kept = submit(applicant, files=[pdf("tetap.pdf")], now=SPEC_START)
    kept_files = stored_files(_uploads)
    assert len(kept_files) == 1

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advokasi.settings.test",
        "ADVOKASI_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "PYTHONUNBUFFERED": "1",
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "consultations.tests.killed_submission", str(_uploads), str(applicant.pk), str(category().pk)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        output = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([child.stdout], [], [], 1)
            if ready:
                line = child.stdout.readline()
                output.append(line)
                if line.strip() == "READY" or not line:
                    break
        assert output and output[-1].strip() == "READY", "".join(output)
        # Inside the child's open transaction: its three files are on disk.
        assert len(stored_files(_uploads)) == 4
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    orphans = stored_files(_uploads) - kept_files
    assert len(orphans) == 3  # what the crash left behind ...
    assert not Consultation.objects.filter(subject__startswith="DIBUNUH").exists()
    # ... reachable from nowhere: downloads go through attachment rows only.
    assert set(Attachment.objects.values_list("file", flat=True)) == kept_files

    # Young orphans may still belong to a transaction being committed: left alone.
    assert remove_orphan_uploads() == 0
    assert remove_orphan_uploads(now=timezone.now() + timedelta(days=1, minutes=1)) == 3
    assert stored_files(_uploads) == kept_files
    assert kept.attachments.get().file.read().startswith(b"%PDF")


def test_the_clean_up_removes_only_old_unreferenced_files(_uploads, kl_applicant, spec_day, holidays):
    kept = submit(kl_applicant, files=[pdf()])
    storage = Attachment._meta.get_field("file").storage
    old_orphan = storage.save("consultations/ab/" + "a" * 32, pdf())
    young_orphan = storage.save("consultations/cd/" + "c" * 32, pdf())
    elsewhere = storage.save("lain/" + "e" * 32, pdf())  # not an attachment folder: not ours
    referenced = kept.attachments.get().file.name
    for name in (old_orphan, elsewhere, referenced):
        age(_uploads, name, days=2)
    age(_uploads, young_orphan, days=0.5)

    call_command("clean_orphan_uploads")

    assert not storage.exists(old_orphan)
    assert storage.exists(young_orphan) and storage.exists(elsewhere) and storage.exists(referenced)


def test_the_clean_up_copes_with_no_uploads_yet(db):
    assert remove_orphan_uploads() == 0


def test_old_form_tokens_are_pruned(kl_applicant):
    import uuid

    old = FormSubmission.objects.create(
        user=kl_applicant, token=uuid.uuid4(), url="/x/", created_at=timezone.now() - timedelta(days=31)
    )
    recent = FormSubmission.objects.create(user=kl_applicant, token=uuid.uuid4(), url="/y/")
    assert prune_form_tokens() == 1
    assert list(FormSubmission.objects.all()) == [recent]
    assert not FormSubmission.objects.filter(pk=old.pk).exists()


def test_the_clean_up_runs_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["consultations-clean-up-intake"]
    assert entry["task"] == "consultations.tasks.clean_up_intake"
    from consultations.tasks import clean_up_intake

    assert clean_up_intake.name == entry["task"]


def test_temporary_upload_files_left_by_a_killed_request_are_swept(settings, tmp_path):
    """Django spools big uploads to FILE_UPLOAD_TEMP_DIR and deletes them when the request
    ends; a killed process leaves them. The sweep (each web process's start, nightly)
    removes those over an hour old, never a file a running request may still use."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from consultations.housekeeping import remove_stale_upload_temp_files

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    # Where Django itself puts them, named as it names them.
    left = TemporaryUploadedFile("surat.pdf", "application/pdf", 0, None)
    left.write(b"%PDF-1.4 ...")
    left_path = Path(left.temporary_file_path())
    assert left_path.parent == tmp_path
    left.file.flush()  # the process "dies" here: nothing will close and delete it
    old = time.time() - 2 * 3600
    os.utime(left_path, (old, old))
    running = tmp_path / "tmpabcd.upload.pdf"
    running.write_bytes(b"%PDF-1.4 still being read")
    unrelated = tmp_path / "keep.txt"
    unrelated.write_text("not an upload")
    os.utime(unrelated, (old, old))

    assert remove_stale_upload_temp_files() == 1
    assert not left_path.exists()
    assert running.exists() and unrelated.exists()
    left.close()  # Django's close() accepts a file already gone
