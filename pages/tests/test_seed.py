"""The data migration holds the standard's own wording (SK LKPP 234 Tahun 2024)."""

from __future__ import annotations

import importlib

import pytest
from django.utils import translation

from consultations.channels import CHANNELS, Channel
from pages.models import ChannelStandard, ServiceStandard
from pages.selectors import channel_content

pytestmark = pytest.mark.django_db


def test_the_four_channels_in_the_standards_order():
    codes = list(ChannelStandard.objects.values_list("code", flat=True))
    assert codes == ["surat", "tatap_muka", "website", "daring"]
    # The consultations app's channel registry uses the same codes: every channel it
    # takes has its prose here, and the page shows no channel it does not take.
    assert set(codes) == {Channel(code).value for code in CHANNELS}


def test_the_standard_row_has_the_decree_and_its_promises():
    standard = ServiceStandard.objects.get()
    assert standard.service_name == "Pelayanan Advokasi dan Permasalahan Pengadaan"
    assert standard.decree_number == "234 Tahun 2024"
    assert standard.cost == "Tidak dipungut biaya"
    assert standard.compensation == (
        "Apabila kami tidak menyelesaikan sesuai jangka waktu penyelesaian, kami akan "
        "memberikan kompensasi berupa pemberian prioritas untuk pelayanan berikutnya."
    )
    assert "5 (lima) hari kerja" in standard.complaint_follow_up
    assert standard.lapor_url == "https://www.lapor.go.id/"
    assert standard.postal_address_lines[-1] == "Jakarta Selatan 12940"


@pytest.mark.parametrize(
    ("code", "requirements", "steps", "deadline", "deadline_en"),
    [
        (
            "surat", 3, 2,
            "Maksimal 15 (lima belas) hari kerja setelah surat diterima Direktur.",
            "At most 15 (fifteen) working days after the letter is received by the Director.",
        ),
        ("tatap_muka", 4, 5, "Maksimal 1 (satu) jam.", "At most 1 (one) hour."),
        ("website", 1, 3, "Maksimal 10 (sepuluh) hari kerja.", "At most 10 (ten) working days."),
        (
            "daring", 2, 3,
            "Maksimal 2 (dua) hari kerja setelah undangan diterima Direktur.",
            "At most 2 (two) working days after the invitation is received by the Director.",
        ),
    ],
)
def test_each_channel_matches_the_standard(code, requirements, steps, deadline, deadline_en):
    channel = channel_content(ChannelStandard.objects.get(code=code))
    with translation.override("id"):
        assert len(channel.requirements) == requirements
        assert len(channel.prose.procedure_items) == steps
        assert str(channel.deadline) == deadline
        indonesian = [str(label) for label in channel.requirements]
    with translation.override("en"):
        # Every Indonesian list has an English list of the same length, all translated.
        assert len(channel.prose.procedure_items) == steps
        assert str(channel.deadline) == deadline_en
        english = [str(label) for label in channel.requirements]
    assert all(en != id_ for en, id_ in zip(english, indonesian, strict=True))


def test_the_seed_holds_no_second_copy_of_the_rules():
    fields = {field.name for field in ChannelStandard._meta.get_fields()}
    assert not fields & {"requirements", "requirements_en", "deadline", "deadline_en"}
    seed = importlib.import_module("pages.migrations.0002_seed_standard")
    for channel in seed.CHANNELS:
        assert not set(channel) & {"requirements", "requirements_en", "deadline", "deadline_en"}, channel["code"]


def test_every_text_has_an_english_version():
    for obj in (ServiceStandard.objects.get(), *ChannelStandard.objects.all()):
        for field in obj._meta.get_fields():
            if field.name.endswith("_en"):
                assert getattr(obj, field.name).strip(), f"{obj} {field.name} is empty"


def test_obvious_typos_of_the_source_are_corrected():
    texts = [ServiceStandard.objects.get().complaint_follow_up]
    for channel in ChannelStandard.objects.all():
        texts += [channel.procedure, channel.output]
    joined = "\n".join(texts)
    for typo in ("pegaduan", "Tidakan", "memasukan", "E- advokasi", "menulis menginput"):
        assert typo not in joined
