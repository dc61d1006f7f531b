"""No bearer secret in logs (issue 24, item 3): every page opened by a code is driven with
a right and an unknown code (404, 429, 400, a CSRF refusal, a redirect) while every log
record is captured; then the captured text, gunicorn's access log lines for the same
requests and a real gunicorn's logs are searched for each code made — none may appear."""

from __future__ import annotations

import io
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from accounts.checks import iter_patterns
from advokasi.redaction import (
    PLAIN_PARAMETERS,
    REDACTED,
    SECRET_PARAMETERS,
    GunicornLogger,
    RedactSecrets,
    redact,
)

from .bearer_codes import MONDAY, UNKNOWN, Codes, make_codes, public_pages

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def codes(monday, front_desk, applicant_a, tmp_uploads):
    return make_codes(front_desk, applicant_a)


def assert_no_secret(text: str, codes: Codes) -> None:
    lowered = text.lower()
    for secret in codes.secrets():
        assert secret.lower() not in lowered, f"{secret} is in the log:\n{text}"


# --- which addresses carry a secret: the URLconf says -----------------------------------


def test_every_url_parameter_is_declared_secret_or_plain():
    """A new parameter name must be classified in advokasi/redaction.py before it ships."""
    names = {name for _route, _name, pattern in iter_patterns() for name in pattern.pattern.regex.groupindex}
    assert not names - SECRET_PARAMETERS - PLAIN_PARAMETERS, names - SECRET_PARAMETERS - PLAIN_PARAMETERS


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /pengaduan/lacak/ADU-K7QM-3XRP-WD9H-2NTC/", f"Not Found: /pengaduan/lacak/{REDACTED}/"),
        ('"GET /konsultasi/tatap-muka/ABCD2345/qr.svg HTTP/1.1" 200',
         f'"GET /konsultasi/tatap-muka/{REDACTED}/qr.svg HTTP/1.1" 200'),
        ("https://advokasi.lkpp.go.id/konsultasi/verifikasi/9F3A-61C0-E27B-5D84/",
         f"https://advokasi.lkpp.go.id/konsultasi/verifikasi/{REDACTED}/"),
        ("/konsultasi/lacak/uYvodiSUwpaQ64lJ/surat-jawaban.pdf", f"/konsultasi/lacak/{REDACTED}/surat-jawaban.pdf"),
        ("/survei/aP8p2p2rec_Oe4OcL21kPUSvE6pB/?x=1", f"/survei/{REDACTED}/?x=1"),
        ("/konsultasi/staf/tatap-muka/daftar/ABCD2345/", f"/konsultasi/staf/tatap-muka/daftar/{REDACTED}/"),
        ("/akun/password/reset/key/1z-c3x7ab-0123456789abcdef/", f"/akun/password/reset/key/1z-{REDACTED}/"),
        ("/akun/confirm-email/MjM:1vAbC:xYz/", f"/akun/confirm-email/{REDACTED}/"),
        # without the trailing slash (before APPEND_SLASH's redirect), or mistyped in case
        ("GET /pengaduan/lacak/ADU-K7QM HTTP/1.1", f"GET /pengaduan/lacak/{REDACTED} HTTP/1.1"),
        ("/PENGADUAN/Lacak/ADU-K7QM", f"/PENGADUAN/Lacak/{REDACTED}"),
        # query parameters by name, anywhere
        ("/konsultasi/staf/tatap-muka/daftar/?q=ABCD-2345&page=2",
         f"/konsultasi/staf/tatap-muka/daftar/?q={REDACTED}&page=2"),
        ("/apa/saja/?token=abc&kode=XYZ", f"/apa/saja/?token={REDACTED}&kode={REDACTED}"),
        # other pages at the same places are left alone
        ("/survei/laporan/unduh.csv", "/survei/laporan/unduh.csv"),
        ("/survei/konsultasi/ADV-2026-000001/", "/survei/konsultasi/ADV-2026-000001/"),
        ("/konsultasi/staf/tatap-muka/daftar/formulir-kertas/", "/konsultasi/staf/tatap-muka/daftar/formulir-kertas/"),
        ("/pengaduan/lacak/", "/pengaduan/lacak/"),
        ("/konsultasi/ADV-2026-000001/surat-jawaban.pdf", "/konsultasi/ADV-2026-000001/surat-jawaban.pdf"),
    ],
)
def test_lines_are_redacted(line, expected, db):
    assert redact(line) == expected


def test_the_filter_rewrites_arguments_and_tracebacks(db):
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "%s: %s",
                               ("Not Found", "/pengaduan/lacak/ADU-K7QM-3XRP-WD9H-2NTC/"), None)
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == f"Not Found: /pengaduan/lacak/{REDACTED}/"
    try:
        raise ValueError("broken at /konsultasi/verifikasi/9F3A-61C0-E27B-5D84/")
    except ValueError:
        failed = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    RedactSecrets().filter(failed)
    text = logging.Formatter().format(failed)
    assert "9F3A-61C0" not in text and REDACTED in text


def test_the_logging_settings_install_the_filter():
    handlers = logging.getLogger().handlers
    assert any(isinstance(f, RedactSecrets) for h in handlers for f in h.filters)
    for name in ("django.request", "django.security.csrf", "django.server"):
        assert any(isinstance(f, RedactSecrets) for f in logging.getLogger(name).filters), name


# --- every page, a right and an unknown code, every log line --------------------------------


def drive_every_code_page(codes: Codes, front_desk) -> list[tuple[str, str, int]]:
    """Ask every page a code opens, as the public and the desk would, with the right and
    the unknown codes, until the guessing throttle answers too; (method, url, status)."""
    asked = []

    def ask(client, method, url, **kwargs):
        response = getattr(client, method)(url, **kwargs)
        asked.append((method.upper(), url, response.status_code))
        return response

    visitor = Client()
    for url in public_pages(codes).values():
        ask(visitor, "get", url)
        ask(visitor, "get", url.rstrip("/"))  # APPEND_SLASH's redirect, or a 404
        ask(visitor, "get", url, HTTP_HOST="jahat.example")  # 400, DisallowedHost
    ask(visitor, "post", reverse("complaints:lookup"), data={"code": codes.complaint})  # 302 to the code's page
    ask(visitor, "post", public_pages(codes)["complaints:track"], data={"text": ""})  # 400, an empty answer
    ask(Client(enforce_csrf_checks=True), "post", public_pages(codes)["complaints:track"], data={"text": "x"})  # 403
    for url in [*public_pages(UNKNOWN).values()] * 2:
        ask(visitor, "get", url)  # 404, counted
    ask(visitor, "post", reverse("complaints:lookup"), data={"code": UNKNOWN.complaint})
    for url in public_pages(codes).values():
        ask(visitor, "get", url)  # 429 now, the right codes too
    desk = Client()
    desk.force_login(front_desk, backend="allauth.account.auth_backends.AuthenticationBackend")
    for code in (codes.walk_in, UNKNOWN.walk_in):
        ask(desk, "get", reverse("consultations:visit_register_form", kwargs={"code": code}))
        ask(desk, "get", reverse("consultations:visit_register") + f"?q={code}")
    return asked


def test_no_code_in_any_log_record_of_any_page(codes, front_desk, caplog, monday):
    caplog.set_level(logging.DEBUG)
    asked = drive_every_code_page(codes, front_desk)
    statuses = {status for _method, _url, status in asked}
    assert {200, 301, 302, 400, 403, 404, 429} <= statuses, statuses
    text = caplog.text + "\n".join(
        f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    )
    assert_no_secret(text, codes)
    for said in ("Not Found: /pengaduan/lacak/", "Too Many Requests: /konsultasi/verifikasi/",
                 "Bad Request: /pengaduan/lacak/", "Forbidden (CSRF cookie not set.): /pengaduan/lacak/"):
        assert f"{said}{REDACTED}" in text, said
    monday.shift(timedelta(minutes=16))


# --- gunicorn ---------------------------------------------------------------------------------


FORMAT = ('%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(U)s ?%(q)s '
          "{location}o {raw_uri}e {query_string}e {referer}i")


def _access_line(logger: GunicornLogger, method: str, url: str, status: int) -> str:
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": method, "RAW_URI": url, "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": f"https://advokasi.lkpp.go.id{url}", "HTTP_USER_AGENT": "probe",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status=f"{status} X", sent=10, headers=[("Location", f"https://advokasi.lkpp.go.id{url}")])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.access_log.addHandler(handler)
    try:
        logger.access(response, request, environ, timedelta(milliseconds=5))
    finally:
        logger.access_log.removeHandler(handler)
    return stream.getvalue()


def test_gunicorns_access_log_of_the_same_requests_holds_no_code(codes, front_desk, monday):
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", FORMAT)
    logger = GunicornLogger(cfg)
    asked = drive_every_code_page(codes, front_desk)
    asked += [("GET", f"/konsultasi/staf/tatap-muka/daftar/?q={codes.walk_in}&token={codes.survey_token}", 200)]
    lines = "".join(_access_line(logger, method, url, status) for method, url, status in asked)
    assert lines.count("\n") == len(asked)
    assert_no_secret(lines, codes)
    assert f"/pengaduan/lacak/{REDACTED}/" in lines and f"?q={REDACTED}" in lines


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_real_gunicorn_started_as_documented_logs_no_code(tmp_path):
    """gunicorn started in the project folder reads gunicorn.conf.py; its access and
    error logs, and Django's warnings in its output, name no code. (No tables in this
    database: the pages answer 503, which is logged too.)"""
    codes = Codes(complaint="ADU-K7QM-3XRP-WD9H-2NTC", walk_in="ABCD2345", letter_token="uYvodiSUwpaQ64lJDSeNLvDXqRO26Hif",
                  verification="9F3A-61C0-E27B-5D84", survey_token="aP8p2p2rec_Oe4OcL21kPUSvE6pBohR0")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO", "REDIS", "CACHE"))}
    env.update(DJANGO_SETTINGS_MODULE="advokasi.settings.base", ADVOKASI_VAR_DIR=str(tmp_path / "var"),
               DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", PYTHONUNBUFFERED="1",
               DEBUG="false", SECRET_KEY="log-redaction-test-key-0123456789abcdefghijklmnopqrstuvwxyz")
    port, access, output = _free_port(), tmp_path / "access.log", tmp_path / "gunicorn.log"
    with output.open("wb") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "advokasi.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--access-logfile", str(access), "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, output.read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, output.read_text()
                time.sleep(0.2)
        urls = [*public_pages(codes).values(), f"/konsultasi/staf/tatap-muka/daftar/?q={codes.walk_in}"]
        for url in urls:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{url}",
                                             headers={"Referer": f"http://127.0.0.1:{port}{url}"})
            try:
                urllib.request.urlopen(request, timeout=30).close()
            except urllib.error.HTTPError:
                pass
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    logged = access.read_text()
    assert logged.count("\n") >= len(urls), logged
    assert f"/pengaduan/lacak/{REDACTED}/" in logged
    assert_no_secret(logged + output.read_text(), codes)
