"""The public pages tell the service standard as the decree does, in both languages."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consultations.channels import spec
from pages.models import ChannelStandard, ServiceStandard, split_lines
from pages.selectors import service_standard_content

pytestmark = pytest.mark.django_db

# The deadlines come from the channel registry (consultations.channels), in each language.
DEADLINES_ID = {
    "Surat": "Maksimal 15 (lima belas) hari kerja setelah surat diterima Direktur.",
    "Tatap Muka": "Maksimal 1 (satu) jam.",
    "Website": "Maksimal 10 (sepuluh) hari kerja.",
    "Tatap Muka Secara Daring": "Maksimal 2 (dua) hari kerja setelah undangan diterima Direktur.",
}
DEADLINES_EN = {
    "Letter": "At most 15 (fifteen) working days after the letter is received by the Director.",
    "Walk-in": "At most 1 (one) hour.",
    "Website": "At most 10 (ten) working days.",
    "Online meeting": "At most 2 (two) working days after the invitation is received by the Director.",
}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url_name", ["pages:home", "pages:standard"])
@pytest.mark.parametrize("persona", ["anonymous", "applicant_a", "staff", "admin_user"], indirect=True)
def test_public_pages_open_for_everybody(url_name, persona):
    response = _client(persona).get(reverse(url_name))
    assert response.status_code == 200


def test_standard_page_shows_every_channel_with_its_deadline_and_cost():
    html = _html(Client().get(reverse("pages:standard")))
    for name, deadline in DEADLINES_ID.items():
        assert f">Kanal {name}<" in html
        assert deadline in html
    assert "Tidak dipungut biaya" in html
    assert "SK Nomor 234 Tahun 2024" in html
    # Each channel's section states the cost, not only the summary table.
    assert html.count("Tidak dipungut biaya") >= 1 + 4 + 4


def test_standard_page_shows_requirements_procedure_and_output():
    html = _html(Client().get(reverse("pages:standard")))
    # Requirements: the registry's checklist, the one the front desk checks.
    assert "Memiliki tanda pengenal (KTP, SIM, Kartu Pegawai atau Paspor)." in html
    assert "Memiliki akun di portal E-Advokasi." in html
    # Institutions-only items say so in their own words.
    assert "Bagi badan hukum/instansi: surat distempel atau ditandatangani secara elektronik." in html
    # Procedure and output: the admin's prose.
    assert "Surat jawaban disampaikan kepada penerima layanan." in html
    assert "Laporan hasil pertemuan berisi saran/pendapat/rekomendasi" in html
    # Lists are rendered as lists: three requirements and two procedure steps.
    surat = html.split('id="kanal-surat"')[1].split('id="kanal-tatap_muka"')[0]
    assert surat.count("<li>") == 3 + 2
    # A single requirement is a sentence, not a one-item list.
    website = html.split('id="kanal-website"')[1].split('id="kanal-daring"')[0]
    assert '<p class="mb-0">Memiliki akun di portal E-Advokasi.</p>' in website


def test_requirements_and_deadlines_are_the_registrys_in_both_languages():
    for language in ("id", "en"):
        with translation.override(language):
            content = service_standard_content()
            for channel in content.channels:
                rules = spec(channel.code)
                assert [str(label) for label in channel.requirements] == [
                    str(item.label) for item in rules.requirements
                ]
                assert str(channel.deadline) == str(rules.deadline.label)
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = _html(client.get(reverse("pages:standard")))
    assert "Has an identity document (KTP, SIM, employee ID card or passport)." in html
    assert "For legal entities/institutions: the letter is on letterhead." in html
    assert "Has an account on the E-Advokasi portal." in html
    assert "Memiliki akun di portal E-Advokasi." not in html


def test_standard_page_shows_compensation_and_complaint_channels():
    html = _html(Client().get(reverse("pages:standard")))
    assert "kompensasi berupa pemberian prioritas untuk pelayanan berikutnya" in html
    assert "ditindaklanjuti dalam waktu 5 (lima) hari kerja" in html
    for extension in ("0305", "0308", "0311"):
        assert f"(021) 29912450 ext {extension}" in html
    assert "Direktorat Penanganan Permasalahan Hukum" in html
    assert 'href="https://www.lapor.go.id/"' in html
    assert 'href="https://eoffice.lkpp.go.id/persuratan"' in html
    assert "Kompleks Rasuna Epicentrum<br>Jl. Epicentrum Tengah Lot 11 B<br>Jakarta Selatan 12940" in html
    assert "Direktur Advokasi Pemerintah Daerah" in html


def test_home_page_shows_channels_deadlines_promise_and_links():
    html = _html(Client().get(reverse("pages:home")))
    for deadline in DEADLINES_ID.values():
        assert deadline in html
    assert "Tidak dipungut biaya" in html
    assert "pemberian prioritas untuk pelayanan berikutnya" in html
    assert f'href="{reverse("pages:standard")}"' in html
    assert 'href="https://www.lapor.go.id/"' in html
    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("account_login")}"' in html


def test_home_page_sends_a_signed_in_applicant_to_their_own_page(applicant_a):
    html = _html(_client(applicant_a).get(reverse("pages:home")))
    assert f'href="{reverse("accounts:home")}"' in html
    assert f'href="{reverse("account_signup")}"' not in html


def test_switching_to_english_shows_the_english_content():
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("pages:standard")})
    assert response.status_code == 302
    html = _html(client.get(reverse("pages:standard")))
    assert '<html lang="en">' in html
    for name, deadline in DEADLINES_EN.items():
        assert name in html
        assert deadline in html
    assert "Free of charge" in html
    assert "234 of 2024" in html and "234 Tahun 2024" not in html
    assert "priority to your next service request" in html
    assert "Directorate of Central Government Advocacy" in html
    assert DEADLINES_ID["Surat"] not in html
    # The address is never translated: the letter must arrive.
    assert "Jl. Epicentrum Tengah Lot 11 B" in html


def test_a_signed_in_user_keeps_english_on_the_home_page(applicant_a):
    client = _client(applicant_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = _html(client.get(reverse("pages:home")))
    assert DEADLINES_EN["Letter"] in html
    assert "Free of charge" in html


def test_missing_english_text_falls_back_to_indonesian():
    ChannelStandard.objects.filter(code="tatap_muka").update(output_en="", name_en="  ")
    with translation.override("en"):
        walk_in = ChannelStandard.objects.get(code="tatap_muka")
        assert walk_in.localized_output.startswith("Jawaban konsultasi berupa saran")
        assert walk_in.localized_name == "Tatap Muka"
        assert walk_in.procedure_items[0].startswith("The guest comes to the LKPP office")
    with translation.override("id"):
        assert walk_in.procedure_items[0].startswith("Tamu mendatangi kantor LKPP")


def test_editing_the_content_changes_the_pages():
    ChannelStandard.objects.filter(code="surat").update(
        summary="Kirim surat resmi kepada direktur terkait; ringkasan diubah oleh admin.",
        procedure="Surat dikirim\nSurat diterima Direktur\nSurat jawaban dikirim",
    )
    ServiceStandard.objects.update(compensation="Janji kompensasi yang sudah diubah oleh admin.")
    standard_html = _html(Client().get(reverse("pages:standard")))
    assert "<li>Surat diterima Direktur</li>" in standard_html
    assert "Surat jawaban disampaikan kepada penerima layanan." not in standard_html
    assert "Janji kompensasi yang sudah diubah oleh admin." in standard_html
    # The rules are not the admin's to edit: they stay the registry's.
    assert DEADLINES_ID["Surat"] in standard_html
    home_html = _html(Client().get(reverse("pages:home")))
    assert "ringkasan diubah oleh admin." in home_html
    assert "Janji kompensasi yang sudah diubah oleh admin." in home_html


def test_directorate_phone_numbers_come_from_the_directorates():
    from accounts.models import Directorate

    Directorate.objects.filter(code="hukum").update(phone="(021) 29912450 ext 0399")
    html = _html(Client().get(reverse("pages:standard")))
    assert "ext 0399" in html
    assert "ext 0311" not in html


def test_content_is_escaped():
    ChannelStandard.objects.filter(code="website").update(summary="<script>alert(1)</script>")
    html = _html(Client().get(reverse("pages:home")))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url_name", ["pages:home", "pages:standard"])
def test_layout_is_accessible_and_self_contained(url_name):
    html = _html(Client().get(reverse(url_name)))
    assert '<html lang="id">' in html
    assert 'href="#konten"' in html and "Langsung ke konten utama" in html
    assert '<main id="konten"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert 'aria-current="page"' in html
    # Without JavaScript the menu is shown expanded (a stylesheet: CSP allows no inline style).
    assert '<noscript><link rel="stylesheet" href="/static/css/noscript.css"></noscript>' in html
    # Footer: address, free service, the standard and LAPOR!
    assert "Jl. Epicentrum Tengah Lot 11 B" in html
    assert "Layanan ini tidak dipungut biaya." in html
    sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    sources += re.findall(r"<link[^>]*\shref=\"([^\"]+)\"", html)
    assert sources, "the layout loads its own CSS and JS"
    external = [s for s in sources if re.match(r"^(https?:)?//", s)]
    assert not external, f"external assets: {external}"


def test_navigation_follows_the_role(applicant_a, admin_user):
    anonymous = _html(Client().get(reverse("pages:home")))
    assert f'href="{reverse("account_login")}"' in anonymous
    assert f'href="{reverse("admin:index")}"' not in anonymous
    applicant = _html(_client(applicant_a).get(reverse("pages:home")))
    assert "Beranda Saya" in applicant
    assert f'href="{reverse("admin:index")}"' not in applicant
    assert f'action="{reverse("account_logout")}"' in applicant
    admin = _html(_client(admin_user).get(reverse("pages:home")))
    assert f'href="{reverse("admin:index")}"' in admin
    assert "Ruang Kerja" in admin


def test_selector_uses_a_constant_number_of_queries(django_assert_num_queries):
    with django_assert_num_queries(3):
        content = service_standard_content()
        _render_everything(content)
    # The rules come from the in-memory registry: no query per channel. A row the registry
    # does not know has no rules, so it is not offered to the public.
    ChannelStandard.objects.create(code="uji", sort_order=5, name="Kanal uji", summary="-", procedure="c", output="e")
    with django_assert_num_queries(3):
        content = service_standard_content()
        _render_everything(content)
    assert [c.code for c in content.channels] == ["surat", "tatap_muka", "website", "daring"]
    assert [d.code for d in content.directorates] == ["pusat", "daerah", "hukum"]


def test_channels_follow_the_admins_order():
    ChannelStandard.objects.filter(code="website").update(sort_order=1)
    assert [c.code for c in service_standard_content().channels] == ["website", "surat", "tatap_muka", "daring"]


def _render_everything(content) -> None:
    standard = content.standard
    for value in (standard.localized_cost, standard.eoffice_recipient_items, standard.postal_address_lines):
        assert value
    for channel in content.channels:
        assert channel.requirements and channel.prose.procedure_items and str(channel.deadline)
    for directorate in content.directorates:
        assert directorate.phone and directorate.localized_name


def test_the_whole_standard_page_needs_five_queries(django_assert_num_queries):
    # An anonymous visitor has no session to load: the page's own content is all there is,
    # the three of the selector, one (grouped) for the published IKM and one for the
    # newest knowledge-base articles (with their categories).
    with django_assert_num_queries(5):
        assert Client().get(reverse("pages:standard")).status_code == 200


def test_only_one_service_standard_can_exist():
    existing = ServiceStandard.objects.get()
    existing.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        existing.save()
    assert ServiceStandard.objects.count() == 1


def test_split_lines_drops_blank_lines_and_typed_markers():
    text = "1. Pertama\n\n  b) Kedua  \n- Ketiga\n• Keempat\n2021 bukan penanda\nTanpa penanda"
    assert split_lines(text) == ["Pertama", "Kedua", "Ketiga", "Keempat", "2021 bukan penanda", "Tanpa penanda"]
