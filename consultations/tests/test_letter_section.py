"""The letter panel of the staff case page (``surat.panel_html.letter_section``, written
in Python once per page) in every state of a letter, as each person sees it: the forms of
the steps they may take now, each with its own CSRF token, and each refused form shown
again with its errors and what was typed."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import AnswerLetter, AnswerTemplate, Consultation
from files.tests.builders import pdf

from .test_views_answer_templates import make
from .test_views_letters import NOW, registration, staff_url

pytestmark = pytest.mark.django_db



@pytest.fixture
def monday(holidays):
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lead_pusat(db):
    return InternalUserFactory(email="ketua.pusat@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("pusat"))


@pytest.fixture
def staff_pusat(db):
    return InternalUserFactory(email="staf.pusat@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat"))


CSRF = re.compile(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">')


def page(client, case) -> str:
    response = client.get(staff_url("staff_detail", case))
    assert response.status_code == 200
    return response.content.decode()


def forms_of(html: str) -> int:
    """How many forms the letter panel has, each checked to open with its CSRF token."""
    section = html[html.index('id="surat"'):html.index('id="catatan"')]
    count = section.count('<form method="post"')
    assert len(CSRF.findall(section)) == count
    return count


def test_each_state_of_a_letter_shows_its_forms(
    client, login, monday, front_desk, director_pusat, lead_pusat, staff_pusat, django_capture_on_commit_callbacks
):
    login(front_desk)
    client.post(reverse("consultations:letter_register"), registration())
    case = Consultation.objects.get()
    html = page(client, case)
    assert 'id="form-periksa"' in html and "B-123/KEMENHUB/X/2026" in html and 'id="judul-kelengkapan"' in html
    assert 'id="disposisi"' not in html and 'id="jawaban"' in html and "Belum ada konsep jawaban." in html
    assert forms_of(html) == 1

    # A refused check: the ticks come back ticked, the error is said and summarised.
    response = client.post(staff_url("letter_check", case), {"periksa-item_signed": "on", "periksa-directorate": "999999"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="ringkasan-kesalahan-periksa"' in html
    assert re.search(r'<input type="checkbox" name="periksa-item_signed"[^>]* checked', html)
    assert 'id="periksa-directorate"' not in html or "is-invalid" in html

    # The Director sees the letter not yet checked, and nothing to do.
    login(director_pusat)
    html = page(client, case)
    assert "Belum diperiksa oleh Sekretariat Pelayanan." in html and forms_of(html) == 0

    login(front_desk)
    client.post(staff_url("letter_check", case), {
        "periksa-item_signed": "on", "periksa-item_letterhead": "on", "periksa-item_stamped_or_esigned": "on"})
    login(director_pusat)
    html = page(client, case)
    assert "Diperiksa " in html and "✔" in html and 'id="form-terima"' in html and forms_of(html) == 1
    client.post(staff_url("letter_receive", case))
    html = page(client, case)
    assert 'id="form-terima"' not in html and re.search(r'<details open>\s*<summary>Disposisikan', html)
    assert forms_of(html) == 1

    # A refused disposition: the instructions come back, the errors are said.
    response = client.post(staff_url("letter_dispose", case), {
        "disposisi-instructions": "Segera <siapkan>", "disposisi-target_date": "bukan tanggal"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="ringkasan-kesalahan-disposisi"' in html
    assert "Segera &lt;siapkan&gt;</textarea>" in html and "Pilih penerima disposisi." in html
    assert "Isi tanggal yang benar." in html

    client.post(staff_url("letter_dispose", case), {"disposisi-to": lead_pusat.pk, "disposisi-ticks": ["siapkan_jawaban"]})
    login(lead_pusat)
    client.post(staff_url("letter_dispose", case), {"disposisi-to": staff_pusat.pk, "disposisi-ticks": ["untuk_ditindaklanjuti"]})
    make(lead_pusat)
    login(staff_pusat)
    html = page(client, case)
    assert 'id="unduh-lembar-disposisi"' in html and 'id="form-konsep"' in html and "Tulis konsep jawaban" in html
    assert 'id="templat-konsep"' in html and "HPS satu penyedia" in html

    # A refused draft: the kinds and files to choose again are said; the body error too.
    response = client.post(staff_url("letter_draft", case), {
        "konsep-kinds": ["pendapat"], "konsep-body": " ", "konsep-files": [pdf("lampiran.pdf")]})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="ringkasan-kesalahan-konsep"' in html
    assert 'id="berkas-dipilih-lagi-konsep"' in html and "lampiran.pdf" in html
    assert re.search(r'value="pendapat"[^>]* checked', html)

    client.post(staff_url("letter_draft", case), {"konsep-kinds": ["pendapat"], "konsep-body": "Dapat <disesuaikan>."})
    draft = case.drafts.get()
    html = page(client, case)
    assert "Tulis versi baru" in html and 'id="konsep-1"' in html and "menunggu telaah Ketua Tim" in html
    assert not re.search(r"<details open>\s*<summary>Tulis versi baru", html)
    # "Sisipkan" without JavaScript: the page again, the new version's form open with the passage.
    template = AnswerTemplate.objects.get()
    html = client.post(reverse("consultations:answer_template_insert", kwargs={"number": case.number}), {
        "sasaran": "konsep", "templat": template.pk, "konsep-kinds": ["pendapat"], "konsep-body": "Versi dua"}).content.decode()
    assert re.search(r"<details open>\s*<summary>Tulis versi baru", html) and "Versi dua" in html

    # The team lead's review, refused: the notes come back.
    login(lead_pusat)
    html = page(client, case)
    assert "Telaah versi 1" in html and 'id="form-telaah"' in html and "telaah-nature" not in html
    response = client.post(staff_url("letter_review", case, draft=draft.pk), {"telaah-notes": "Catatan <saya>"})
    html = response.content.decode()
    assert 'id="ringkasan-kesalahan-telaah"' in html and "Catatan &lt;saya&gt;</textarea>" in html
    assert "Pilih: setujui atau kembalikan." in html
    client.post(staff_url("letter_review", case, draft=draft.pk), {"telaah-decision": "approve"})

    # The Director's review adds the letter's nature and copies.
    login(director_pusat)
    html = page(client, case)
    assert 'name="telaah-nature"' in html and 'name="telaah-copies"' in html
    response = client.post(staff_url("letter_review", case, draft=draft.pk), {
        "telaah-decision": "approve", "telaah-nature": "ramalan", "telaah-copies": "Inspektorat <Utama>"})
    html = response.content.decode()
    assert "Pilih sifat surat yang tersedia." in html and "Inspektorat &lt;Utama&gt;</textarea>" in html
    client.post(staff_url("letter_review", case, draft=draft.pk), {"telaah-decision": "approve"})
    html = page(client, case)
    assert 'id="form-terbitkan"' in html and "disetujui Direktur" in html and 'id="form-konsep"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff_url("letter_issue", case))
    issued = AnswerLetter.objects.get()
    html = page(client, case)
    assert 'id="unduh-surat-jawaban"' in html and issued.number in html and 'id="form-terbitkan"' not in html


def test_an_incomplete_letter_shows_what_is_missing(client, login, monday, front_desk, director_pusat):
    login(front_desk)
    client.post(reverse("consultations:letter_register"), registration())
    case = Consultation.objects.get()
    client.post(staff_url("letter_check", case), {"periksa-item_signed": "on"})
    html = page(client, case)
    assert "✘" in html and "Belum terpenuhi" in html and 'id="form-periksa"' not in html
    login(director_pusat)
    html = page(client, case)
    assert 'id="form-terima"' not in html and forms_of(html) == 0
