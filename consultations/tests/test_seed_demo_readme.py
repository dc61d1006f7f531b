"""README's demo section says whose the sample cases are; the seed must agree with it."""

import re
from pathlib import Path

from django.core.management import call_command

from consultations.models import Consultation
from consultations.workflow import Status


def test_the_demo_cases_are_where_the_readme_says(settings, spec_day, holidays):
    settings.DEBUG = True
    call_command("seed_demo", "--skip-calendar")
    seeded = sorted(
        (c.applicant.email, c.status, c.directorate.code)
        for c in Consultation.objects.filter(channel="website").select_related("applicant", "directorate")
    )
    assert seeded == [
        ("pemohon@demo.advokasi.id", Status.SUBMITTED, "daerah"),
        ("penyedia@demo.advokasi.id", Status.ASSIGNED, "pusat"),
        ("penyedia@demo.advokasi.id", Status.DELIVERED, "hukum"),
    ]
    readme = " ".join((Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8").split())
    assert re.search(
        r"one waiting for `pemohon@demo\.advokasi\.id` \(directorate daerah\), and two for "
        r"`penyedia@demo\.advokasi\.id` — one in hand with a message \(pusat\) and one answered \(hukum\)",
        readme,
    ), "README's demo section no longer matches seed_demo"
