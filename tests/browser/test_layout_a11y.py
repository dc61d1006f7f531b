"""Issue #23, items 3 and 8: every role's main pages fit the screen and pass axe.

For each role (the demo personas of ``seed_demo``, seeded once for the module's sweep),
one browser context visits home, the role's desks, the queue, a case page and the
dashboard where the role has them, at 390, 1024 and 1280 px:

- no sideways scrolling (``scrollWidth <= innerWidth``);
- at 1024 and 1280 px the navigation bar is one row, the language switch and (signed
  in) the sign-out button on screen;
- at 390 px each desk shows a row's case number, status and deadline on screen;
- axe-core (WCAG 2.1 A/AA and best practice; ``node_modules/axe-core``, installed by
  ``npm ci`` from package.json, never a CDN) finds no serious or critical violation at
  390 and 1280 px.

Then what axe cannot see: the walk-in board's refresh keeps keyboard focus and can be
paused, a refused form puts focus on its error summary and says so in the title, and
"Kirim jawaban" opens its dialog with Space.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = (1280, 1024, 390)
AXE_WIDTHS = (1280, 390)

# The demo personas of accounts/demo.py, one per role; and a visitor, signed out.
PERSONAS = {
    "visitor": None,
    "applicant": "pemohon@demo.advokasi.id",
    "director": "direktur.pusat@demo.advokasi.id",
    "team_lead": "ketua.pusat@demo.advokasi.id",
    "staff": "pegawai.pusat@demo.advokasi.id",
    "front_desk": "sekretariat@demo.advokasi.id",
    "complaint_handler": "pengaduan.pusat@demo.advokasi.id",
    "admin": "admin@demo.advokasi.id",
}

# Desk path -> the column labels (td[data-label]) a row must show on a phone, besides
# its case number (the row's first cell).
LETTER_DESK = "/konsultasi/staf/surat/"
WALK_IN_BOARD = "/konsultasi/staf/tatap-muka/"
COMPLAINT_DESK = "/pengaduan/staf/"
QUEUE = "/konsultasi/staf/"
DASHBOARD = "/konsultasi/staf/dasbor/"
IKM = "/survei/laporan/"
SEARCH = "/cari/?q=kontrak"
DESKS = {
    LETTER_DESK: ("Status", "Batas waktu"),
    WALK_IN_BOARD: ("Status", "Batas waktu", "Sisa waktu"),
    COMPLAINT_DESK: ("Status", "Batas waktu"),
    QUEUE: ("Status", "Batas waktu"),
    "/konsultasi/": ("Status", "Batas waktu"),
}


def pages_of(role: str, user: User) -> list[str]:
    """The main pages of a role: home, desks, queue, a case page, reports."""
    from complaints.models import Complaint
    from consultations.models import Consultation
    from knowledge.models import Article

    article = Article.objects.published().order_by("pk").first()
    if role == "visitor":
        return ["/", "/standar-pelayanan/", "/konsultasi/tatap-muka/", "/pengaduan/", "/akun/login/", "/akun/signup/",
                "/pengetahuan/?q=kontrak", f"/pengetahuan/artikel/{article.slug}/"]
    if role == "applicant":
        case = Consultation.objects.filter(applicant=user).order_by("number").first()
        return ["/akun/beranda/", "/konsultasi/", f"/konsultasi/{case.number}/", "/pengaduan/saya/"]
    if role == "complaint_handler":
        complaint = Complaint.objects.filter(directorate=user.directorate).order_by("pk").first()
        return ["/akun/beranda/", COMPLAINT_DESK, f"/pengaduan/staf/{complaint.pk}/", SEARCH]
    paths = ["/akun/beranda/", SEARCH]
    if role in ("director", "team_lead", "staff"):
        paths.append("/pengetahuan/redaksi/")
    if role in ("director", "team_lead"):
        paths.append("/konsultasi/staf/templat-jawaban/")
    if role in ("director", "team_lead", "front_desk", "admin"):
        paths.append(LETTER_DESK)
    paths += [WALK_IN_BOARD, QUEUE]
    if role in ("director", "admin"):
        paths += [COMPLAINT_DESK, DASHBOARD, IKM]
    cases = Consultation.objects.order_by("number")
    if user.directorate_id:
        cases = cases.filter(directorate=user.directorate)
    # A letter (its desk panels make the widest case page) where the role handles letters,
    # a website case where it answers them (directors and the admin: both).
    if role in ("director", "team_lead", "front_desk", "admin"):
        paths.append(f"/konsultasi/staf/{cases.filter(channel='surat').last().number}/")
    if role in ("director", "staff", "admin"):
        paths.append(f"/konsultasi/staf/{cases.filter(channel='website').first().number}/")
    return paths


def role_context(browser, live_server, user):
    """One browser profile per role, signed in through a test client's session cookie
    (signed out for ``user=None``).
    axe is loaded into every page of it from node_modules as an init script: the browser
    runs those outside the page's Content-Security-Policy (which refuses inline scripts),
    so the policy stays on, and the file is parsed without a round trip per page."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    if user is not None:
        client = Client()
        client.force_login(user, backend=BACKEND)
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    context.add_init_script(path=str(AXE))
    return context


def overflow(page) -> str | None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width > inner:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))"""
        )
        return f"page is {width} px wide at {inner} px; too wide: {wide}"
    return None


def navbar_problems(page, *, signed_in: bool) -> list[str]:
    problems = []
    nav = page.locator(".site-header .navbar")
    height = nav.evaluate("e => e.getBoundingClientRect().height")
    # One row: the bar is as tall as one line of links (brand, links, buttons), ~60 px.
    if height > 72:
        problems.append(f"navbar is {height:.0f} px tall (more than one row)")
    checks = [("language switch", page.locator(".language-switch"))]
    if signed_in:
        checks.append(("sign-out", page.locator(".site-header").get_by_role("button", name="Keluar")))
    for what, locator in checks:
        box = locator.bounding_box() if locator.count() else None
        if box is None or not locator.is_visible():
            problems.append(f"{what} not visible")
        elif box["x"] < 0 or box["x"] + box["width"] > page.viewport_size["width"]:
            problems.append(f"{what} off-screen: {box}")
    return problems


def desk_problems(page, labels) -> tuple[list[str], int]:
    """At 390 px, the first row of each of the desk's tables shows its number and the
    labelled cells on screen: the problems, and how many rows were checked."""
    problems = []
    width = page.viewport_size["width"]
    tables = page.locator("main table:visible")
    rows = [tables.nth(i).locator("tbody tr").first for i in range(tables.count())]
    rows = [row for row in rows if row.count() and row.locator("a").count()]
    for row in rows:
        cells = [("number", row.locator("a").first)]
        cells += [(label, row.locator(f'td[data-label="{label}"]')) for label in labels]
        for what, cell in cells:
            box = cell.bounding_box() if cell.count() else None
            if box is None:
                problems.append(f"{what} missing in a row ({row.inner_text()[:60]!r})")
            elif box["x"] < 0 or box["x"] + box["width"] > width + 0.5:
                problems.append(f"{what} off-screen: {box}")
    return problems, len(rows)


def axe_problems(page) -> list[str]:
    assert page.evaluate("typeof axe !== 'undefined'"), "axe not loaded (role_context's init script)"
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + json.dumps([n["target"] for n in v["nodes"][:4]], ensure_ascii=False)
        + (f" {v['nodes'][0]['failureSummary'][:200]!r}" if v["nodes"] else "")
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# The contrast of an element's left border colour against white, as WCAG computes it.
CONTRAST_WITH_WHITE = """e => {
    const [r, g, b] = getComputedStyle(e).borderLeftColor.match(/[0-9.]+/g).slice(0, 3).map(Number);
    const lin = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    return 1.05 / (l + 0.05);
}"""


@pytest.fixture
def demo(transactional_db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--skip-calendar", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_role_fits_every_width_and_passes_axe(browser, live_server, demo):
    assert AXE.exists(), "axe-core missing: run `npm ci` (make assets)"
    problems: list[str] = []
    rows_checked: dict[str, int] = {}
    for role, email in PERSONAS.items():
        user = User.objects.get(email=email) if email else None
        context = role_context(browser, live_server, user)
        page = context.new_page()
        refused: list[str] = []
        page.on("console", lambda m, refused=refused: "Content Security Policy" in m.text and refused.append(m.text))
        for path in pages_of(role, user):
            response = page.goto(path)
            if response.status != 200:
                problems.append(f"{role} {path}: HTTP {response.status}")
                continue
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                # Let the page follow the new width (Chart.js resizes its canvases on a frame).
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                where = f"{role} {path} @{width}"
                if message := overflow(page):
                    problems.append(f"{where}: {message}")
                if width >= 1024:
                    problems += [f"{where}: {p}" for p in navbar_problems(page, signed_in=user is not None)]
                elif path in DESKS:
                    found, checked = desk_problems(page, DESKS[path])
                    problems += [f"{where}: {p}" for p in found]
                    rows_checked[path] = rows_checked.get(path, 0) + checked
                if width in AXE_WIDTHS:
                    problems += [f"{where}: axe {p}" for p in axe_problems(page)]
        problems += [f"{role}: refused by the Content-Security-Policy: {text}" for text in refused]
        context.close()
    # Some role saw rows on every desk (staff and team leads may have no guests).
    problems += [f"{path}: no role saw a row on this desk" for path in DESKS if not rows_checked.get(path)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# --- what axe cannot see ---------------------------------------------------------------------


@pytest.fixture
def guests(transactional_db):
    """The demo personas and the demo's walk-in guests only (the whole demo takes long)."""
    from accounts import demo as accounts_demo
    from consultations import demo as consultations_demo

    accounts_demo.seed(lambda line: None, calendar=False, samples=False)
    consultations_demo._sample_walk_ins()


def test_the_walk_in_board_refresh_keeps_focus_announces_and_pauses(browser, live_server, guests):
    from django.utils import timezone

    from consultations.models import Consultation

    context = role_context(browser, live_server, User.objects.get(email=PERSONAS["front_desk"]))
    page = context.new_page()
    page.clock.install()  # the 15-second polling runs on the page's timers: fast-forwarded here
    page.goto(WALK_IN_BOARD)
    board = page.locator("#papan-tamu")
    link = board.locator("tbody tr th a").first
    link_id = link.get_attribute("id")
    assert link_id, "a row's link needs an id for htmx to put focus back on it"
    link.focus()

    def refresh(ms: int) -> None:
        page.evaluate("document.querySelector('#papan-tamu table').dataset.old = 'yes'")
        page.clock.run_for(ms)
        page.wait_for_timeout(300)  # the answer arrives on real time
        page.clock.run_for(100)  # htmx settles on the page's timers

    # A guest's time runs out on the server: the refresh swaps the table, focus stays on
    # the same link, and the live region says what changed.
    first = Consultation.objects.get(number=link.inner_text().strip())
    Consultation.objects.filter(pk=first.pk).update(due_at=timezone.now() - timezone.timedelta(minutes=5))
    refresh(16_000)
    expect(page.locator("#papan-tamu table[data-old]")).to_have_count(0)
    assert page.evaluate("document.activeElement.id") == link_id
    news = page.locator("#kabar-papan")
    expect(news).to_have_attribute("aria-live", "polite")
    expect(news).to_contain_text("terlambat:")

    # Paused: no refresh however long one waits; resumed: at once.
    page.get_by_role("button", name="Jeda pembaruan").click()
    refresh(46_000)
    expect(page.locator("#papan-tamu table[data-old]")).to_have_count(1)
    page.get_by_role("button", name="Lanjutkan pembaruan").click()
    page.clock.run_for(100)
    expect(page.locator("#papan-tamu table[data-old]")).to_have_count(0)
    context.close()


def test_a_refused_form_puts_focus_on_its_errors_and_says_so_in_the_title(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.goto("/pengaduan/kirim/")
    assert not page.title().startswith("Galat")
    page.get_by_role("button", name="Kirim pengaduan").click()  # no text, no directorate
    page.wait_for_load_state()
    expect(page.locator("#ringkasan-kesalahan")).to_be_focused()
    assert page.title().startswith("Galat: "), page.title()
    # One Tab from the summary reaches the first error's link, not the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#ringkasan-kesalahan') !== null")
    # A field's border stands out from the page at 3:1 at least (WCAG 1.4.11; axe does
    # not measure it): the name field, which has no error and so its plain border.
    ratio = page.locator("input.form-control:not(.is-invalid)").first.evaluate(CONTRAST_WITH_WHITE)
    assert ratio >= 3, f"a field's border is {ratio:.2f}:1 against white"
    context.close()


def test_kirim_jawaban_opens_its_dialog_with_space(browser, live_server, applicant_a):
    from accounts.models import Role
    from accounts.tests.factories import InternalUserFactory, directorate
    from consultations.tests.factories import ConsultationFactory
    from consultations.workflow import Status

    director = InternalUserFactory(role=Role.DIRECTOR, directorate=directorate("pusat"))
    case = ConsultationFactory(applicant=applicant_a, status=Status.ASSIGNED, assignee=director)
    context = role_context(browser, live_server, director)
    page = context.new_page()
    page.goto(f"/konsultasi/staf/{case.number}/")
    page.get_by_label("Saran").check()
    page.get_by_label("Isi jawaban").fill("Gunakan harga satuan dari survei pasar setempat.")
    send = page.get_by_role("button", name="Kirim jawaban")
    send.focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("dialog", name="Kirim jawaban ini kepada pemohon?")).to_be_visible()
    context.close()


def test_without_javascript_the_menus_open_on_focus(browser, live_server):
    from accounts.models import Role
    from accounts.tests.factories import InternalUserFactory, directorate

    director = InternalUserFactory(role=Role.DIRECTOR, directorate=directorate("pusat"))
    client = Client()
    client.force_login(director, backend=BACKEND)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto("/akun/beranda/")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    letters = nav.get_by_role("link", name="Meja Surat", exact=True)
    expect(letters).to_be_hidden()
    nav.get_by_role("button", name="Meja kerja").focus()
    expect(letters).to_be_visible()
    page.keyboard.press("Tab")  # into the open menu
    expect(letters).to_be_focused()
    context.close()
