"""Issue #6 in a real browser: case lists on a 390 px phone, the answer's confirmation,
and pages (the admin and allauth's e-mail page included) working under the
Content-Security-Policy with nothing refused.

Screenshots land in var/browser/ (look at them: ``ponsel-*.png``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import Answer
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def signed_in_page(browser, live_server, user, *, viewport=None, javascript=True):
    """A page of a fresh browser profile, signed in as ``user`` through the session
    cookie of a test client (the sign-in form has its own browser test)."""
    client = Client()
    client.force_login(user, backend=BACKEND)
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=viewport or {"width": 1280, "height": 900},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.policy_violations = []
    # Chromium reports every refusal of the Content-Security-Policy on the console.
    page.on("console", lambda m: "Content Security Policy" in m.text and page.policy_violations.append(m.text))
    return page


def assert_on_screen(page, locator, what: str) -> None:
    box = locator.bounding_box()
    assert box is not None, f"{what} is not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, f"{what} is off-screen: {box}"


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px screen"


def cases_for(applicant, count=3):
    now = timezone.now()
    return [
        ConsultationFactory(
            applicant=applicant,
            subject=f"Penyusunan HPS pembangunan jembatan desa tahap {i + 1} dengan harga satuan daerah",
            submitted_at=now - timedelta(hours=i),
            clock_started_at=now - timedelta(hours=i),
            due_at=now + timedelta(days=3 + i),
        )
        for i in range(count)
    ]


def test_the_applicants_list_is_cards_on_a_phone(browser, live_server, applicant_a, artifacts_dir):
    cases_for(applicant_a)
    page = signed_in_page(browser, live_server, applicant_a, viewport=PHONE)
    page.goto("/konsultasi/")
    page.screenshot(path=str(artifacts_dir / "ponsel-konsultasi-saya.png"), full_page=True)
    first = page.locator("table.case-table tbody tr").first
    assert_on_screen(page, first.locator("td[data-label='Status']"), "status")
    assert_on_screen(page, first.locator("td[data-label='Batas waktu']"), "deadline")
    assert_on_screen(page, first.locator("td[data-label='Keadaan'] .badge"), "deadline state")
    assert "Menunggu penugasan" in first.locator("td[data-label='Status']").inner_text()
    assert_no_sideways_scroll(page)
    assert page.policy_violations == []

    # On a desktop the same list is an ordinary table with its column headings.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("table.case-table thead").is_visible()
    page.context.close()


def test_the_front_desk_queue_is_cards_with_directorate_names(browser, live_server, applicant_a, front_desk, artifacts_dir):
    cases_for(applicant_a)
    ConsultationFactory(applicant=applicant_a, directorate=directorate("daerah"))
    page = signed_in_page(browser, live_server, front_desk, viewport=PHONE)
    page.goto("/konsultasi/staf/")
    page.screenshot(path=str(artifacts_dir / "ponsel-antrean-sekretariat.png"), full_page=True)
    rows = page.locator("table.queue-table tbody tr")
    assert rows.count() == 4
    first = rows.first
    first.screenshot(path=str(artifacts_dir / "ponsel-antrean-satu-baris.png"))
    for label in ("Status", "Batas waktu", "Sisa waktu", "Direktorat"):
        assert_on_screen(page, first.locator(f"td[data-label='{label}']"), label)
    directorates = page.locator("td[data-label='Direktorat']").all_inner_texts()
    assert "Direktorat Advokasi Pemerintah Daerah" in directorates
    assert "Direktorat Advokasi Pemerintah Pusat" in directorates
    assert not {"DAERAH", "PUSAT"} & set(directorates)
    assert_no_sideways_scroll(page)
    assert page.policy_violations == []
    page.context.close()


@pytest.fixture
def director_and_case(applicant_a):
    """A director of pusat with a case assigned to them, ready to be answered."""
    director = InternalUserFactory(email="direktur.pusat@lkpp.go.id", role=Role.DIRECTOR, directorate=directorate("pusat"))
    return director, ConsultationFactory(applicant=applicant_a, status=Status.ASSIGNED, assignee=director)


def test_sending_an_answer_asks_first(browser, live_server, director_and_case, artifacts_dir):
    director, case = director_and_case
    page = signed_in_page(browser, live_server, director)
    page.goto(f"/konsultasi/staf/{case.number}/")
    page.get_by_label("Saran").check()
    page.get_by_label("Isi jawaban").fill("Gunakan harga satuan dari survei pasar setempat.")
    page.get_by_role("button", name="Kirim jawaban").click()

    dialog = page.get_by_role("dialog", name="Kirim jawaban ini kepada pemohon?")
    dialog.wait_for(state="visible")
    assert "tidak dapat diubah" in dialog.inner_text()
    assert "koreksi masih dapat dikirim" in dialog.inner_text()
    expect(dialog).to_have_css("opacity", "1")  # the fade-in is over
    page.screenshot(path=str(artifacts_dir / "konfirmasi-jawaban.png"))
    assert not Answer.objects.filter(consultation=case).exists()

    # "Check again" closes the dialog and keeps what was typed.
    dialog.get_by_role("button", name="Periksa lagi").click()
    dialog.wait_for(state="hidden")
    assert page.get_by_label("Isi jawaban").input_value().startswith("Gunakan harga satuan")
    assert not Answer.objects.filter(consultation=case).exists()

    page.get_by_role("button", name="Kirim jawaban").click()
    page.get_by_role("button", name="Ya, kirim sekarang").click()
    page.locator(".messages").wait_for()
    assert Answer.objects.filter(consultation=case).count() == 1
    assert page.policy_violations == []
    page.context.close()


def test_the_answer_confirmation_works_without_javascript(browser, live_server, director_and_case, artifacts_dir):
    director, case = director_and_case
    page = signed_in_page(browser, live_server, director, javascript=False)
    page.goto(f"/konsultasi/staf/{case.number}/")
    page.get_by_label("Saran").check()
    page.get_by_label("Isi jawaban").fill("Jawaban tanpa JavaScript.")
    page.get_by_role("button", name="Kirim jawaban").click()
    confirm = page.get_by_role("button", name="Ya, kirim sekarang")
    confirm.wait_for(state="visible")
    page.screenshot(path=str(artifacts_dir / "konfirmasi-jawaban-tanpa-js.png"))
    confirm.click()
    page.locator(".messages").wait_for()
    assert Answer.objects.filter(consultation=case).count() == 1
    page.context.close()


def test_pages_run_under_the_policy_without_refusals(browser, live_server, applicant_a, admin_user):
    page = signed_in_page(browser, live_server, applicant_a)
    for path in ("/", "/standar-pelayanan/", "/akun/beranda/", "/konsultasi/ajukan/", "/akun/profil/ubah/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path

    # allauth's e-mail page: its script reads the JSON data block and asks before removing.
    EmailAddress.objects.create(user=applicant_a, email="kedua@contoh.go.id", verified=False, primary=False)
    page.goto("/akun/email/")
    page.get_by_label("kedua@contoh.go.id").check()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Hapus").click()
    assert dialogs == ["Yakin ingin menghapus alamat e-mail yang dipilih?"]
    assert EmailAddress.objects.filter(email="kedua@contoh.go.id").exists()
    assert page.policy_violations == []
    page.context.close()

    # The Django admin under the same policy: its scripts and styles are files too.
    admin = signed_in_page(browser, live_server, admin_user)
    admin.goto("/admin/")
    admin.get_by_role("link", name="Users").or_(admin.get_by_role("link", name="Pengguna")).first.click()
    admin.wait_for_load_state()
    admin.goto("/admin/accounts/user/add/")
    assert admin.locator("#nav-sidebar, #content").first.is_visible()
    assert admin.policy_violations == []
    admin.context.close()


def test_without_javascript_the_phone_menu_is_open(browser, live_server):
    # The <noscript> stylesheet (a file, as the policy wants) shows the collapsed menu.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    assert nav.get_by_role("link", name="Standar Pelayanan").is_visible()
    assert not page.locator(".navbar-toggler").is_visible()
    context.close()
