"""The data migration holds the standard's own wording (SK LKPP 234 Tahun 2024)."""

from __future__ import annotations

import pytest
from django.utils import translation

from pages.models import ChannelStandard, ServiceStandard

pytestmark = pytest.mark.django_db


def test_the_four_channels_in_the_standards_order():
    codes = list(ChannelStandard.objects.values_list("code", flat=True))
    # The consultations app's channel registry uses the same codes.
    assert codes == ["surat", "tatap_muka", "website", "daring"]


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
    ("code", "requirements", "steps", "deadline"),
    [
        ("surat", 2, 2, "Maksimal 15 (lima belas) hari kerja setelah surat diterima Direktur"),
        ("tatap_muka", 4, 5, "Maksimal 1 (satu) jam/sesuai dengan permasalahan yang dikonsultasikan"),
        ("website", 1, 3, "Maksimal 10 (sepuluh) hari kerja"),
        ("daring", 2, 3, "Maksimal 2 (dua) hari kerja setelah undangan diterima Direktur"),
    ],
)
def test_each_channel_matches_the_standard(code, requirements, steps, deadline):
    channel = ChannelStandard.objects.get(code=code)
    with translation.override("id"):
        assert len(channel.requirement_items) == requirements
        assert len(channel.procedure_items) == steps
        assert channel.localized_deadline == deadline
    with translation.override("en"):
        # Every Indonesian list has an English list of the same length.
        assert len(channel.requirement_items) == requirements
        assert len(channel.procedure_items) == steps
        assert channel.localized_deadline != deadline


def test_every_text_has_an_english_version():
    for obj in (ServiceStandard.objects.get(), *ChannelStandard.objects.all()):
        for field in obj._meta.get_fields():
            if field.name.endswith("_en"):
                assert getattr(obj, field.name).strip(), f"{obj} {field.name} is empty"


def test_obvious_typos_of_the_source_are_corrected():
    texts = [ServiceStandard.objects.get().complaint_follow_up]
    for channel in ChannelStandard.objects.all():
        texts += [channel.requirements, channel.procedure, channel.output]
    joined = "\n".join(texts)
    for typo in ("pegaduan", "Tidakan", "memasukan", "E- advokasi", "menulis menginput"):
        assert typo not in joined
