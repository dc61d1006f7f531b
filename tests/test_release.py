"""The README's release steps, for real: production settings, ``collectstatic`` into
whitenoise's manifest storage, ``migrate``, then gunicorn serving pages over HTTP.

A missing static file (a source map a vendor asset points at, say) makes collectstatic
exit 1 and then every page answer 500; only a run like this one notices.

Everything stays in a temporary folder (SQLite, static root, var/) and on a loopback
port; gunicorn runs in its own process group, which is always killed at the end.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.release


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, *, language: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url)
    if language:
        request.add_header("Cookie", f"advokasi_language={language}")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("release")
    # The test run's own services and knobs stay out: this is a fresh production host.
    dropped = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL",
               "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="advokasi.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://advokasi.example.go.id",
        DATABASE_URL=f"sqlite:///{tmp / 'release.sqlite3'}",
        ADVOKASI_VAR_DIR=str(tmp / "var"),
        STATIC_ROOT=str(tmp / "staticfiles"),
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback; the proxy does TLS in production
        PYTHONUNBUFFERED="1",
    )
    for step in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"manage.py {' '.join(step)} failed:\n{result.stdout}\n{result.stderr}"

    port = _free_port()
    log = tmp / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "advokasi.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"gunicorn exited:\n{log.read_text()}"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not listen in 60 s:\n{log.read_text()}"
                time.sleep(0.2)
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def _assert_site_layout(body: str) -> None:
    assert 'class="site-header"' in body
    assert 'class="site-footer' in body
    assert "E-Advokasi" in body


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Pelayanan Advokasi"),
        ("/standar-pelayanan/", "Standar Pelayanan"),
        ("/akun/login/", "Masuk"),
    ],
)
def test_pages_answer_in_the_site_layout(production_server, path, text):
    base, log = production_server
    status, headers, body = _fetch(base + path)
    assert status == 200, f"{path}: {status}\n{log.read_text()[-3000:]}"
    page = body.decode()
    _assert_site_layout(page)
    assert text in page


def test_unknown_page_is_404_in_the_site_layout(production_server):
    base, _ = production_server
    status, _, body = _fetch(base + "/tidak-ada-halaman-ini/")
    assert status == 404
    page = body.decode()
    _assert_site_layout(page)
    assert "Halaman tidak ditemukan" in page


def test_static_files_are_served_by_their_hashed_names(production_server):
    base, _ = production_server
    _, _, body = _fetch(base + "/")
    hashed = re.findall(r'/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)', body.decode())
    assert any("advokasi." in name and name.endswith(".css") for name in hashed), hashed
    assert any("bootstrap" in name for name in hashed), hashed
    for name in hashed:
        status, headers, content = _fetch(base + name)
        assert status == 200, name
        assert content
        # Hashed names never change content, so whitenoise lets browsers keep them.
        assert "immutable" in headers.get("Cache-Control", ""), (name, headers)
    # The source maps the vendor files point at were collected too (the release blocker).
    status, _, _ = _fetch(base + "/static/vendor/chartjs/chart.umd.min.js.map")
    assert status == 200
