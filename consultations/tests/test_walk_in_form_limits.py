"""Issue 24 (1): the public walk-in form is not a relay. Limits per client address (behind
the configured proxies), per target e-mail address and on the attachments' bytes; a
refused post answers 429 with ``Retry-After`` and saves, stores and mails nothing; the
e-mail to the typed address carries the service's text, the code and the link, never
the name or the question typed."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from consultations.channels.tatap_muka import emails as walk_in_emails
from consultations.models import Category, VisitForm, VisitFormFile
from core.throttle import parse
from core.time import WIB
from files.tests.builders import pdf
from notifications.models import OutboundEmail
from notifications.rendering import render_email

pytestmark = pytest.mark.django_db

URL = reverse("consultations:visit_form")
# Monday 2 November 2026, 10:10 WIB = 03:10 UTC: the hour's window ends in 50 minutes.
NOW = datetime(2026, 11, 2, 10, 10, tzinfo=WIB)
HOSTILE_NAME = "Tim Keamanan LKPP — verifikasi akun Anda"
HOSTILE_TEXT = "Akun Anda diblokir. Masuk di http://lkpp-verifikasi.example/login sebelum 24 jam <b>SEGERA</b>"


@pytest.fixture
def clock(holidays):
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def rates(**changed: str) -> dict:
    """THROTTLE_RATES with some limits set small for a test."""
    from django.conf import settings

    return settings.THROTTLE_RATES | {name: parse(spec) for name, spec in changed.items()}


def guest(n: int = 0, **overrides) -> dict:
    data = {
        "name": "Sri Wahyuni", "email": f"tamu{n}@contoh.go.id", "phone": "0812 3456 7890",
        "institution_name": "Dinas PUPR Bantul", "institution_type": "pemda",
        "category": Category.objects.get(code="perencanaan").pk,
        "question": f"Bagaimana menyusun HPS jalan desa, paket {n}?",
    }
    return data | overrides


def stored_files(uploads) -> list:
    return [path for path in uploads.rglob("*") if path.is_file()] if uploads.exists() else []


def assert_refused(response):
    assert response.status_code == 429
    assert response["Cache-Control"] == "private, no-store"
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Terlalu banyak permintaan" in html and "Sekretariat Pelayanan" in html
    return html


def test_the_sixth_form_from_one_address_is_refused_and_nothing_is_kept(client, clock, tmp_uploads):
    for n in range(5):
        response = client.post(URL, guest(n, files=[pdf(f"denah-{n}.pdf")]), REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302, n
    files, mails = stored_files(tmp_uploads), OutboundEmail.objects.count()
    assert len(files) == 5 and mails == 5

    response = client.post(URL, guest(5, files=[pdf("denah-5.pdf")]), REMOTE_ADDR="203.0.113.7")
    html = assert_refused(response)
    assert response["Retry-After"] == str(50 * 60)  # the hour's window ends at 04:00 UTC
    assert "dari jaringan Anda" in html and "dalam 50 menit" in html
    assert VisitForm.objects.count() == 5 and VisitFormFile.objects.count() == 5
    assert stored_files(tmp_uploads) == files and OutboundEmail.objects.count() == mails
    # The empty form says so too, before anything is typed; another address is not held up.
    assert client.get(URL, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get(URL, REMOTE_ADDR="203.0.113.8").status_code == 200
    assert client.post(URL, guest(6), REMOTE_ADDR="203.0.113.8").status_code == 302
    # The next hour, the address may send again (the day allows 20).
    clock.shift(50 * 60)
    assert client.post(URL, guest(7), REMOTE_ADDR="203.0.113.7").status_code == 302


def test_one_e_mail_address_is_limited_whatever_address_sends_to_it(client, clock, settings):
    """Behind one proxy the client is the last X-Forwarded-For entry; whatever the client
    writes to the left of it changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        response = client.post(URL, guest(n, email="korban@contoh.go.id"), REMOTE_ADDR="10.0.0.2",
                               HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 302, n
    # Another client, the same mailbox (the +tag and the case reach it too).
    response = client.post(URL, guest(3, email="Korban+promo@CONTOH.go.id"), REMOTE_ADDR="10.0.0.2",
                           HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    html = assert_refused(response)
    assert "untuk alamat e-mail ini" in html
    assert VisitForm.objects.count() == 3 and OutboundEmail.objects.count() == 3
    # The refused post spent nothing of that client's own limit.
    assert client.post(URL, guest(4), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 302


def test_the_proxy_is_not_taken_for_the_client_and_a_forged_header_is_not_believed(client, clock, settings):
    settings.THROTTLE_RATES = rates(walk_in_form_per_address="2/h")
    settings.TRUSTED_PROXY_COUNT = 1
    for n, forged in enumerate(("9.9.9.1", "9.9.9.2")):
        response = client.post(URL, guest(n), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.5")
        assert response.status_code == 302
    assert_refused(client.post(URL, guest(2), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.3, 198.51.100.5"))
    # Without a trusted proxy the header is ignored: the connecting address counts.
    settings.TRUSTED_PROXY_COUNT = 0
    assert client.post(URL, guest(3), REMOTE_ADDR="198.51.100.6", HTTP_X_FORWARDED_FOR="198.51.100.5").status_code == 302


def test_an_ipv6_client_is_counted_by_its_network(client, clock, settings):
    settings.THROTTLE_RATES = rates(walk_in_form_per_address="2/h")
    client.post(URL, guest(0), REMOTE_ADDR="2001:db8:7:1::1")
    client.post(URL, guest(1), REMOTE_ADDR="2001:db8:7:1::2")
    assert_refused(client.post(URL, guest(2), REMOTE_ADDR="2001:db8:7:1:ffff::3"))
    assert client.post(URL, guest(3), REMOTE_ADDR="2001:db8:7:2::1").status_code == 302


def test_attachments_count_against_a_quota_of_bytes_per_address(client, clock, settings, tmp_uploads):
    settings.THROTTLE_RATES = rates(walk_in_upload_bytes_per_address="2500/d")
    for n in range(2):
        assert client.post(URL, guest(n, files=[pdf(f"a{n}.pdf", size=1000)]), REMOTE_ADDR="203.0.113.7").status_code == 302
    files = stored_files(tmp_uploads)
    response = client.post(URL, guest(2, files=[pdf("b.pdf", size=1000)]), REMOTE_ADDR="203.0.113.7")
    html = assert_refused(response)
    assert "Lampiran yang dikirim dari jaringan Anda sudah mencapai batas hari ini" in html
    assert VisitForm.objects.count() == 2 and stored_files(tmp_uploads) == files
    # The day's quota waits for midnight UTC (07:00 WIB): 20 h 50 min.
    assert response["Retry-After"] == str(20 * 3600 + 50 * 60)
    # A form without files still goes, and one whose files fit the rest.
    assert client.post(URL, guest(3), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert client.post(URL, guest(4, files=[pdf("c.pdf", size=400)]), REMOTE_ADDR="203.0.113.7").status_code == 302


def test_the_same_form_sent_again_is_neither_counted_nor_refused(client, clock, settings):
    settings.THROTTLE_RATES = rates(walk_in_form_per_address="2/h")
    first = client.post(URL, guest(0), REMOTE_ADDR="203.0.113.7")
    again = client.post(URL, guest(0), REMOTE_ADDR="203.0.113.7")  # Back, then send
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert client.post(URL, guest(1), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert_refused(client.post(URL, guest(2), REMOTE_ADDR="203.0.113.7"))
    # The limit reached, the first form sent once more still leads to its code.
    replay = client.post(URL, guest(0), REMOTE_ADDR="203.0.113.7")
    assert replay.status_code == 302 and replay["Location"] == first["Location"]
    assert VisitForm.objects.count() == 2 and OutboundEmail.objects.count() == 2


# --- the e-mail to the typed address -------------------------------------------------------


def test_the_e_mail_carries_the_code_and_link_never_the_name_or_question(client, clock):
    response = client.post(URL, guest(0, name=HOSTILE_NAME, question=HOSTILE_TEXT))
    assert response.status_code == 302
    form = VisitForm.objects.get()
    email = OutboundEmail.objects.get(template=walk_in_emails.VISIT_FORM_RECEIVED)
    # Not even kept in the outbox row: a template changed later cannot bring them back.
    assert set(email.context) == {"code", "category_name", "category_name_en", "expires_at", "qr_url"}
    for language, greeting in (("id", "Yth. Bapak/Ibu,"), ("en", "Dear Sir or Madam,")):
        subject, text, html = render_email(email.template, email.context, language)
        for part in (subject, text, html):
            for typed in (HOSTILE_NAME, HOSTILE_TEXT, "lkpp-verifikasi", "Sri Wahyuni", "SEGERA", "Tim Keamanan"):
                assert typed not in part, (language, typed)
        for body in (text, html):
            assert f"{form.code[:4]}-{form.code[4:]}" in body and "/qr.svg" in body and greeting in body


def test_with_the_cache_away_the_form_still_goes(client, clock, settings, monkeypatch):
    """The counters fail open (README): with Redis down nothing is counted, nobody is refused."""
    from django.core.cache import cache

    def away(*args, **kwargs):
        raise ValueError("cache unavailable")

    settings.THROTTLE_RATES = rates(walk_in_form_per_address="1/h", walk_in_form_per_email="1/h")
    monkeypatch.setattr(cache, "incr", away)
    monkeypatch.setattr(cache, "decr", away)
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: True)
    monkeypatch.setattr(cache, "get", lambda key, default=None, version=None: default)
    for n in range(3):
        assert client.post(URL, guest(n, email="sama@contoh.go.id"), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert VisitForm.objects.count() == 3
