"""Run by test_orphan_uploads.py in a separate process, which it kills with SIGKILL.

Submits a consultation with files through the real service, on the test database
(``ADVOKASI_TEST_DATABASE_NAME``) and into the upload folder given, and stops inside the
transaction right after the files are stored and their rows inserted: it prints READY
and waits to be killed. Usage: python -m consultations.tests.killed_submission
UPLOADS APPLICANT_PK CATEGORY_PK
"""

import os
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo


def main(uploads: str, applicant_pk: int, category_pk: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advokasi.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings

    from accounts.models import User
    from consultations.channels.website import services as website
    from consultations.models import Category, ProcurementStage
    from files.checks import validate_uploads

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": uploads}},
        }
    ).enable()

    real_save = website.save_attachments

    def save_then_wait(*args, **kwargs):
        real_save(*args, **kwargs)
        print("READY", flush=True)
        time.sleep(120)  # the parent kills us long before

    website.save_attachments = save_then_wait
    pdf = b"%PDF-1.4\n" + b"0" * 200_000
    website.submit_website_consultation(
        applicant=User.objects.get(pk=applicant_pk),
        category=Category.objects.get(pk=category_pk),
        subject="DIBUNUH di tengah pengiriman",
        description="Proses ini dihentikan dengan SIGKILL sebelum commit.",
        institution_name="Kementerian Kesehatan",
        fiscal_year=2025,
        procurement_stage=ProcurementStage.PERENCANAAN,
        files=validate_uploads(
            [SimpleUploadedFile(f"berkas-{n}.pdf", pdf, content_type="application/pdf") for n in range(3)]
        ),
        # A fixed day inside the calendar the test loaded, whatever today is.
        now=datetime(2025, 3, 27, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta")),
    )
    print("COMMITTED", flush=True)  # must never happen


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
