"""Probe the public doors of a running E-Advokasi from outside (issue 24): the walk-in
form sent 12 times from one address, 60 guessed walk-in codes then a right one, a demo
staff member's sign-in (the code step), and the server's logs searched for every code
the probe created. Numbers, not verdicts.

    export ADVOKASI_VAR_DIR=/tmp/var-probe
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python manage.py collectstatic --noinput
    .venv/bin/gunicorn advokasi.wsgi -b 127.0.0.1:8123 --workers 2 \\
        --access-logfile /tmp/probe/access.log --error-logfile /tmp/probe/error.log 2> /tmp/probe/stderr.log &
    .venv/bin/python bench/doors.py --base http://127.0.0.1:8123 --logs /tmp/probe/*.log

Needs Debian's chromium (``--chromium``) for Playwright. Run it on a fresh var dir: the
limits count per client address, and a second run within the hour starts refused.
"""

from __future__ import annotations

import argparse
import re
import secrets
from pathlib import Path


def walk_in_forms(page, count: int) -> tuple[list, list[str]]:
    statuses, codes = [], []
    for i in range(count):
        page.goto("/konsultasi/tatap-muka/")
        if page.locator("[name=question]").count() == 0:
            statuses.append("429 before the form")
            continue
        page.fill("[name=name]", f"Probe {i}")
        page.fill("[name=email]", f"probe{i}@example.org")
        page.fill("[name=phone]", "081234567890")
        page.fill("[name=institution_name]", "Dinas Probe")
        page.select_option("[name=institution_type]", index=1)
        page.select_option("[name=category]", index=1)
        page.fill("[name=question]", f"Pertanyaan percobaan {i} {secrets.token_hex(4)} tentang pengadaan")
        with page.expect_navigation() as navigation:
            page.locator("form [type=submit]").last.click()
        statuses.append(navigation.value.status if navigation.value else None)
        if match := re.search(r"/konsultasi/tatap-muka/([^/]+)/$", page.url):
            codes.append(match.group(1))
    return statuses, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8123")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--staff", default="pegawai.pusat@demo.advokasi.id")
    parser.add_argument("--logs", nargs="*", default=[])
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium)
        page = browser.new_page(base_url=args.base)
        statuses, codes = walk_in_forms(page, 12)
        print("walk-in form x12 from one address:", statuses)
        client = playwright.request.new_context(base_url=args.base)
        guesses = [client.get(f"/konsultasi/tatap-muka/{secrets.token_hex(4).upper()}/", max_redirects=0).status
                   for _ in range(60)]
        print("60 guessed walk-in codes:", {status: guesses.count(status) for status in sorted(set(guesses))})
        if codes:
            right = client.get(f"/konsultasi/tatap-muka/{codes[0]}/", max_redirects=0)
            print("a right code, then:", right.status, "Retry-After:", right.headers.get("retry-after"))
        staff = browser.new_page(base_url=args.base)
        staff.goto("/akun/login/")
        staff.get_by_label("Alamat e-mail").fill(args.staff)
        staff.locator("#id_password").fill("advokasi-demo")
        staff.get_by_role("button", name="Masuk").click()
        staff.wait_for_load_state()
        print("staff after the password:", staff.url)
        browser.close()

    for log in map(Path, args.logs):
        text = log.read_text(errors="replace").lower()
        hits = sum(text.count(code.lower()) for code in codes)
        print(f"{log}: {len(text.splitlines())} lines, {hits} occurrences of the {len(codes)} codes created")


if __name__ == "__main__":
    main()
