"""Issue 24 (1): the public complaint form is not a relay. Limits per client address and
per target e-mail address (a signed-in applicant per account); a refused post answers
429 with ``Retry-After`` and files and mails nothing; the e-mail to the typed address
carries the service's text, the number, the code and the link, never the complaint's
text or the name typed."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from complaints import notices, services
from complaints.models import Complaint, Kind
from core.throttle import parse
from notifications.models import OutboundEmail
from notifications.rendering import render_email

FILE = reverse("complaints:file")
HOSTILE_NAME = "Tim Keamanan LKPP — verifikasi akun Anda"
HOSTILE_TEXT = "Akun Anda diblokir. Masuk di http://lkpp-verifikasi.example/login sebelum 24 jam <b>SEGERA</b>"


def rates(**changed: str) -> dict:
    return django_settings.THROTTLE_RATES | {name: parse(spec) for name, spec in changed.items()}


def web_form(n: int = 0, **overrides) -> dict:
    return {"kind": Kind.PENGADUAN, "text": f"Jawaban konsultasi saya belum datang ({n}).",
            "directorate": directorate("pusat").pk, **overrides}


def to(address: str) -> int:
    return OutboundEmail.objects.filter(recipient=address).count()


def assert_refused(response, *, says: str):
    assert response.status_code == 429
    assert response["Cache-Control"] == "private, no-store" and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Terlalu banyak permintaan" in html and says in html
    return html


def test_the_sixth_complaint_from_one_address_is_refused_and_nothing_is_filed(monday, client):
    for n in range(5):
        assert client.post(FILE, web_form(n, email=f"warga{n}@contoh.go.id"), REMOTE_ADDR="203.0.113.7").status_code == 302
    mails = OutboundEmail.objects.count()
    response = client.post(FILE, web_form(5, email="warga5@contoh.go.id"), REMOTE_ADDR="203.0.113.7")
    assert_refused(response, says="dari jaringan Anda")
    assert response["Retry-After"] == "3600"  # Monday 10:00 WIB is 03:00 UTC: a whole hour to wait
    assert Complaint.objects.count() == 5 and OutboundEmail.objects.count() == mails
    assert to("warga5@contoh.go.id") == 0
    assert client.get(FILE, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get(FILE, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_one_e_mail_address_is_limited_whatever_address_sends_to_it(monday, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        response = client.post(FILE, web_form(n, email="korban@contoh.go.id"), REMOTE_ADDR="10.0.0.2",
                               HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 302
    response = client.post(FILE, web_form(3, email="KORBAN@contoh.go.id"), REMOTE_ADDR="10.0.0.2",
                           HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert_refused(response, says="untuk alamat e-mail ini")
    assert Complaint.objects.count() == 3 and to("korban@contoh.go.id") == 3
    # Without an e-mail address only the client's own limit counts.
    assert client.post(FILE, web_form(4), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 302


def test_a_signed_in_applicant_is_counted_by_account_not_by_address(monday, client, login, settings, applicant_a,
                                                                   applicant_b):
    """Known people behind an office's shared address are not refused because strangers
    used it up; one account still cannot flood the desk."""
    settings.THROTTLE_RATES = rates(complaint_form_per_address="2/h")
    for n in range(2):
        assert client.post(FILE, web_form(n), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert_refused(client.post(FILE, web_form(2), REMOTE_ADDR="203.0.113.7"), says="masuk dengan akun pemohon")
    login(applicant_a)
    for n in range(3, 5):
        assert client.post(FILE, web_form(n), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert_refused(client.post(FILE, web_form(5), REMOTE_ADDR="203.0.113.7"), says="Akun Anda")
    login(applicant_b)
    assert client.post(FILE, web_form(6), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert Complaint.objects.filter(complainant=applicant_a).count() == 2


def test_the_same_complaint_sent_again_is_neither_counted_nor_refused(monday, client, settings):
    settings.THROTTLE_RATES = rates(complaint_form_per_address="2/h")
    first = client.post(FILE, web_form(0, email="warga@contoh.go.id"), REMOTE_ADDR="203.0.113.7")
    assert first["Location"] == reverse("complaints:filed")
    again = client.post(FILE, web_form(0, email="warga@contoh.go.id"), REMOTE_ADDR="203.0.113.7")
    assert again.status_code == 302 and again["Location"] == reverse("complaints:lookup")
    assert client.post(FILE, web_form(1), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert_refused(client.post(FILE, web_form(2), REMOTE_ADDR="203.0.113.7"), says="dari jaringan Anda")
    assert client.post(FILE, web_form(0, email="warga@contoh.go.id"), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert Complaint.objects.count() == 2 and to("warga@contoh.go.id") == 1


def test_the_e_mail_to_the_typed_address_never_carries_the_text_or_name(monday, client):
    response = client.post(FILE, web_form(name=HOSTILE_NAME, text=HOSTILE_TEXT, email="korban@contoh.go.id"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    email = OutboundEmail.objects.get(recipient="korban@contoh.go.id")
    assert email.template == notices.RECEIVED
    for language, greeting in (("id", "Yth. Bapak/Ibu,"), ("en", "Dear Sir or Madam,")):
        subject, text, html = render_email(email.template, email.context, language)
        for part in (subject, text, html):
            for typed in (HOSTILE_NAME, HOSTILE_TEXT, "lkpp-verifikasi", "SEGERA", "Tim Keamanan", "diblokir"):
                assert typed not in part, (language, typed)
        for body in (text, html):
            assert complaint.number in body and email.context["code"] in body and greeting in body
            assert email.context["tracking_url"] in body
    assert not {"name", "text", "email"} & set(email.context)


def test_the_later_e_mails_to_the_typed_address_carry_the_desks_words_only(monday, client):
    """What the desk asks and answers is the desk's own text; the complaint's text and the
    name typed are never added to it."""
    client.post(FILE, web_form(name=HOSTILE_NAME, text=HOSTILE_TEXT, email="korban@contoh.go.id"))
    complaint = Complaint.objects.get()
    handler = InternalUserFactory(email="pengaduan.pusat@lkpp.go.id", role=Role.COMPLAINT_HANDLER,
                                  directorate=directorate("pusat"))
    services.take(complaint=complaint, actor=handler)
    services.ask_complainant(complaint=complaint, text="Kapan konsultasi diajukan?", actor=handler)
    services.reply(complaint=complaint, text="Kemarin.")
    services.close(complaint=Complaint.objects.get(), follow_up="Jawaban sudah dikirim ulang.", actor=handler)
    later = OutboundEmail.objects.filter(recipient="korban@contoh.go.id").exclude(template=notices.RECEIVED)
    assert {email.template for email in later} == {notices.ASKED, notices.CLOSED}
    for email in later:
        for language in ("id", "en"):
            for part in render_email(email.template, email.context, language):
                for typed in (HOSTILE_NAME, "lkpp-verifikasi", "diblokir"):
                    assert typed not in part, (email.template, language, typed)
