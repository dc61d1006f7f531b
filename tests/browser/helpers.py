"""What the browser journeys share."""

from __future__ import annotations


def signed_in_page(browser, live_server, email: str, password: str, *, width: int = 1280):
    """A fresh browser context signed in as ``email``: ``(context, page)``; close the context."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/akun/login/")
    page.get_by_label("Alamat e-mail").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/beranda/")
    return context, page


def from_menu(page, link: str, *, menu: str | None = None) -> None:
    """Follow ``link`` of the main navigation, opening its ``menu`` first ("Meja kerja",
    "Laporan"): the home pages link the same desks too, under other names."""
    nav = page.get_by_role("navigation", name="Navigasi utama")
    if menu:
        nav.get_by_role("button", name=menu).click()
    nav.get_by_role("link", name=link, exact=True).click()
