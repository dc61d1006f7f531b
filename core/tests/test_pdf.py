"""PDFs (core.pdf): the two letter templates render in both languages, and neither the
templates nor the fetcher let text an applicant typed fetch anything or read a file."""

from __future__ import annotations

import io
import logging
import re
import threading
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import URLFetcher, path2url

from core import pdf
from core.pdf import PdfError, RefusedURL, SafeURLFetcher, render_pdf, safe_url_fetcher, static_root

WIB = ZoneInfo("Asia/Jakarta")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pdf"
TICKS = [
    "Tanggapan dan saran",
    "Proses lebih lanjut",
    "Koordinasikan/konfirmasikan",
    "Untuk diketahui",
    "Siapkan jawaban",
    "Arsip",
]
# A 1x1 transparent PNG.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def letter_context(**overrides: object) -> dict[str, object]:
    context: dict[str, object] = {
        "outgoing_number": "B-1207/D.3/PPH/12/2026",
        "issued_at": datetime(2026, 12, 3, 9, 30, tzinfo=WIB),
        "place": "Jakarta",
        "recipient_name": "Kepala Biro Pengadaan Barang/Jasa",
        "recipient_institution": "Pemerintah Provinsi Jawa Barat",
        "sender_reference_number": "027/4411/BPBJ",
        "sender_reference_date": date(2026, 11, 10),
        "subject": "Permohonan pendapat tentang e-purchasing katalog lokal",
        "kinds": ["Saran", "Rekomendasi"],
        "body": "Berdasarkan Peraturan Presiden Nomor 16 Tahun 2018, katalog lokal dikelola oleh pemerintah daerah.\n\n"
        "Kami menyarankan agar Saudara berkoordinasi dengan pengelola katalog.\nTerima kasih.",
        "director_name": "Dr. Andi Wijaya, S.H., M.H.",
        "director_position": "Direktur Penanganan Permasalahan Hukum",
        "directorate_name": "Direktorat Penanganan Permasalahan Hukum",
        "verification_code": "9F3A-61C0-E27B-5D84",
        "verification_url": "https://advokasi.lkpp.go.id/verifikasi/9F3A-61C0-E27B-5D84",
        "case_number": "SRT-2026-000042",
    }
    return {**context, **overrides}


def disposition_context(**overrides: object) -> dict[str, object]:
    context: dict[str, object] = {
        "case_number": "SRT-2026-000042",
        "received_at": datetime(2026, 11, 12, 10, 15, tzinfo=WIB),
        "due_at": datetime(2026, 12, 3, 23, 59, tzinfo=WIB),
        "addressee": "Kepala LKPP",
        "letter_number": "027/4411/BPBJ",
        "letter_date": date(2026, 11, 10),
        "sender_name": "Kepala Biro Pengadaan Barang/Jasa",
        "sender_institution": "Pemerintah Provinsi Jawa Barat",
        "subject": "Permohonan pendapat tentang e-purchasing katalog lokal",
        "directorate_name": "Direktorat Penanganan Permasalahan Hukum",
        "printed_at": datetime(2026, 12, 3, 9, 30, tzinfo=WIB),
        "dispositions": [
            {
                "from_name": "Kepala LKPP",
                "from_position": "",
                "to_name": "Dr. Andi Wijaya, S.H., M.H.",
                "to_position": "Direktur Penanganan Permasalahan Hukum",
                "at": datetime(2026, 11, 12, 13, 0, tzinfo=WIB),
                "ticks": [(label, i in (1, 4)) for i, label in enumerate(TICKS)],
                "instructions": "Mohon ditelaah.\nSiapkan konsep jawaban.",
                "target_date": date(2026, 11, 26),
            },
            {
                "from_name": "Dr. Andi Wijaya, S.H., M.H.",
                "from_position": "Direktur Penanganan Permasalahan Hukum",
                "to_name": "Siti Rahmawati",
                "to_position": "Ketua Tim Kerja",
                "at": datetime(2026, 11, 13, 8, 0, tzinfo=WIB),
                "ticks": [(label, i == 4) for i, label in enumerate(TICKS)],
                "instructions": "Siapkan jawaban.",
                "target_date": None,
            },
        ],
    }
    return {**context, **overrides}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    """Without whitespace: lines wrap (and justification spaces) wherever the layout wants."""
    return re.sub(r"\s+", "", text)


# --- the templates ---------------------------------------------------------------------


def test_answer_letter_in_indonesian():
    data = render_pdf("answer-letter", letter_context(), language="id")
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    assert data.startswith(b"%PDF-") and len(reader.pages) == 1
    assert reader.metadata.title == "Surat jawaban B-1207/D.3/PPH/12/2026"
    for expected in (
        "SRT-2026-000042",
        "B-1207/D.3/PPH/12/2026",
        "Permohonan pendapat tentang e-purchasing katalog lokal",
        "Jenis jawaban: Saran, Rekomendasi",
        "Dr. Andi Wijaya, S.H., M.H.",
        "LEMBAGA KEBIJAKAN PENGADAAN BARANG/JASA PEMERINTAH",
        "Jakarta, 3 Desember 2026",  # the date only, Indonesian month
        "10 November 2026",
        "9F3A-61C0-E27B-5D84",
        "Halaman 1 dari 1",
    ):
        assert squash(expected) in squash(text), expected
    assert "09.30" not in text


def test_answer_letter_in_english():
    data = render_pdf("answer-letter", letter_context(kinds=["Advice", "Recommendation"]), language="en")
    text = squash(pdf_text(data))
    for expected in ("SRT-2026-000042", "B-1207/D.3/PPH/12/2026", "Recommendation", "Dr. Andi Wijaya, S.H., M.H."):
        assert squash(expected) in text, expected
    # Fixed phrases whose English is in the catalogue today (the letter's new phrases get
    # theirs at the next `make messages`).
    for expected in ("Jakarta, 3 December 2026", "Page 1 of 1", "Number", "Answer type", "Consultation number"):
        assert squash(expected) in text, expected
    assert "Halaman" not in text


def test_answer_letter_over_three_pages_numbers_them():
    body = "\n\n".join(["Paragraf panjang tentang pengadaan barang/jasa pemerintah. " * 12] * 8)
    text = squash(pdf_text(render_pdf("answer-letter", letter_context(body=body), language="id")))
    assert "Halaman1dari3" in text and "Halaman3dari3" in text
    assert text.count("SRT-2026-000042") >= 4  # each page's footer and the verification box


def test_answer_letter_without_institution():
    text = pdf_text(render_pdf("answer-letter", letter_context(recipient_institution=""), language="id"))
    assert "Kepala Biro Pengadaan Barang/Jasa" in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_disposition_sheet(language):
    data = render_pdf("disposition-sheet", disposition_context(), language=language)
    text = pdf_text(data)
    flat = squash(text)
    for expected in ("SRT-2026-000042", "027/4411/BPBJ", "Permohonan pendapat tentang e-purchasing katalog lokal",
                     "Siti Rahmawati", "Siapkan konsep jawaban.", "Proses lebih lanjut", "10.15 WIB"):
        assert squash(expected) in flat, expected
    assert text.count("✓") == 3  # two ticks in the first disposition, one in the second
    if language == "id":
        assert squash("Diterima tanggal 12 November 2026, 10.15 WIB") in flat
        assert squash("LEMBAR DISPOSISI") in flat and "Perihal" in text
    else:
        assert squash("3 December 2026, 23.59 WIB") in flat
        assert "Subject" in text and "Deadline" in text


def test_render_pdf_needs_a_known_language_and_a_template_name():
    with pytest.raises(ValueError):
        render_pdf("answer-letter", letter_context(), language="fr")
    with pytest.raises(ValueError):
        render_pdf("../base", letter_context(), language="id")
    assert "Page 1 of 1" in pdf_text(render_pdf("answer-letter", letter_context(), language="en-us"))


def test_failures_are_pdf_errors(monkeypatch):
    with pytest.raises(PdfError):
        render_pdf("no-such-template", {}, language="id")

    def broken(self, *args, **kwargs):
        raise RuntimeError("cairo/pango failed")

    monkeypatch.setattr(HTML, "write_pdf", broken)
    with pytest.raises(PdfError) as caught:
        render_pdf("answer-letter", letter_context(), language="id")
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_templates_never_write_context_into_css_urls_or_unescaped():
    """User text can only become CSS if a template puts it there: none does."""
    for path in sorted(TEMPLATES.glob("*.html")):
        source = path.read_text()
        for style in re.findall(r"<style\b.*?</style>", source, flags=re.S | re.I):
            assert "{{" not in style and "{%" not in style, path.name
        for attribute in re.findall(r"""\b(?:style|src|srcset|data|poster)\s*=\s*(["']).*?\1""", source, re.S | re.I):
            assert "{" not in attribute, path.name
        for attribute in re.findall(r"""\bstyle\s*=\s*"[^"]*"|<link\b[^>]*>""", source, re.I):
            assert "{{" not in attribute, (path.name, attribute)
        assert "|safe" not in source and "autoescape off" not in source and "safeseq" not in source, path.name
        assert 'rel="attachment"' not in source, path.name  # WeasyPrint would embed what it points at
    for path in (static_root() / "pdf").glob("*.css"):
        assert "{{" not in path.read_text()


# --- hostile text ----------------------------------------------------------------------


@pytest.fixture
def listener():
    """A real HTTP server on 127.0.0.1 that counts every request made to it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/png")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def hostile(port: int) -> str:
    return (
        f'<img src="http://127.0.0.1:{port}/x">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        f"<style>@import url(http://127.0.0.1:{port}/y.css); body{{background:url(http://127.0.0.1:{port}/z)}}</style>"
        '<div style="background:url(file:///etc/passwd)">'
        '<link rel="attachment" href="file:///etc/passwd">'
    )


def css_breakout(port: int) -> str:
    return f'x" }}}} body {{ background: url(http://127.0.0.1:{port}/css) }} </style><img src="http://127.0.0.1:{port}/i">'


def test_hostile_text_in_the_templates_fetches_nothing_and_reads_no_file(listener):
    port, hits = listener
    payload = hostile(port)
    breakout = css_breakout(port)
    letter = render_pdf(
        "answer-letter",
        letter_context(
            subject=f"Hal {payload}", body=f"Paragraf.\n\n{payload}\n{payload}",
            recipient_name=breakout, recipient_institution=breakout, directorate_name=breakout,
            case_number=breakout, kinds=[breakout], director_name=breakout, verification_url=breakout,
        ),
        language="id",
    )
    sheet_context = disposition_context(subject=payload, sender_name=breakout, case_number=breakout)
    for disposition in sheet_context["dispositions"]:
        disposition.update(instructions=f"{payload}\n{payload}", to_name=breakout,
                           ticks=[(breakout, True), (payload, False)])
    sheet = render_pdf("disposition-sheet", sheet_context, language="en")

    assert hits == []
    passwd = Path("/etc/passwd").read_text()
    for data in (letter, sheet):
        text = pdf_text(data)
        assert squash(payload) in squash(text)  # shown literally, as text
        assert "root:" not in text and passwd[:40] not in text
        assert PdfReader(io.BytesIO(data)).attachments == {}


def test_the_fetcher_alone_stops_unescaped_hostile_html(listener):
    """Were the HTML ever unescaped, the fetcher still fetches nothing; and the same HTML
    with WeasyPrint's own fetcher does reach the server (so the listener would notice)."""
    port, hits = listener
    html = f"<html><body><p>x</p>{hostile(port)}</body></html>"
    base = path2url(f"{static_root()}/")

    data = HTML(string=html, base_url=base, url_fetcher=SafeURLFetcher()).write_pdf()
    assert hits == []
    assert PdfReader(io.BytesIO(data)).attachments == {}
    assert b"root:" not in data

    HTML(string=html, base_url=base, url_fetcher=URLFetcher(timeout=5)).write_pdf()
    assert hits, "control: the default fetcher should have reached the listener"


def test_weasyprints_default_fetching_is_never_reached(listener, monkeypatch):
    port, hits = listener
    calls: list[str] = []
    monkeypatch.setattr(URLFetcher, "fetch", lambda self, url, headers=None: calls.append(url))
    html = f"<html><body>{hostile(port)}</body></html>"
    HTML(string=html, base_url=path2url(f"{static_root()}/"), url_fetcher=SafeURLFetcher()).write_pdf()
    render_pdf("answer-letter", letter_context(), language="id")
    assert calls == [] and hits == []


# --- safe_url_fetcher -------------------------------------------------------------------


def test_serves_the_letterhead_stylesheet_and_emblem():
    css = safe_url_fetcher(path2url(static_root() / "pdf" / "letterhead.css"))
    assert css.content_type == "text/css" and b"@page" in css.read()
    emblem = SafeURLFetcher().fetch(path2url(f"{static_root()}/") + "pdf/emblem.svg")
    assert emblem.content_type == "image/svg+xml" and b"<svg" in emblem.read()
    localhost = safe_url_fetcher("file://localhost" + str(static_root() / "pdf" / "emblem.svg"))
    assert b"<svg" in localhost.read()


def test_serves_a_small_data_image():
    response = safe_url_fetcher(PIXEL)
    assert response.content_type == "image/png" and response.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/passwd?x=1#y",
        "http://127.0.0.1:9/x.png",
        "https://www.lkpp.go.id/logo.png",
        "HTTPS://www.lkpp.go.id/logo.png",
        "ftp://127.0.0.1/x.css",
        "gopher://127.0.0.1/x",
        "javascript:alert(1)",
        "pdf/letterhead.css",  # not absolute: WeasyPrint always passes absolute URLs
        "file://intranet-host/share/x.css",
        "file:///work/%00.css",
        "data:text/css," + "a" * (pdf.DATA_URL_MAX_BYTES + 1),
        "data:image/png;base64," + "A" * pdf.DATA_URL_MAX_BYTES,
    ],
)
def test_refuses(url):
    with pytest.raises(RefusedURL):
        safe_url_fetcher(url)
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(url)


def test_refuses_static_files_that_are_not_fonts_images_or_css():
    assert (static_root() / "js").is_dir()
    for script in (static_root() / "js").glob("*.js"):
        with pytest.raises(RefusedURL):
            safe_url_fetcher(path2url(script))


@pytest.fixture
def tmp_static(tmp_path, settings):
    """A project whose static/ is in tmp_path, next to files it must never serve."""
    settings.BASE_DIR = tmp_path
    root = tmp_path / "static"
    (root / "pdf").mkdir(parents=True)
    (root / "pdf" / "ok.css").write_text("p { color: black }")
    (tmp_path / "secret.css").write_text("SECRET")
    (tmp_path / "static-evil").mkdir()
    (tmp_path / "static-evil" / "x.css").write_text("SECRET")
    return root


def test_tmp_static_root_is_the_one_used(tmp_static):
    assert static_root() == tmp_static
    assert safe_url_fetcher(path2url(tmp_static / "pdf" / "ok.css")).read() == b"p { color: black }"


@pytest.mark.parametrize(
    "relative", ["pdf/../../secret.css", "pdf/%2e%2e/%2E%2E/secret.css", "../static-evil/x.css", ""]
)
def test_refuses_escapes_from_the_static_root(tmp_static, relative):
    url = f"file://{tmp_static}/{relative}"
    with pytest.raises(RefusedURL):
        safe_url_fetcher(url)
    with pytest.raises(RefusedURL):
        safe_url_fetcher(url, root=tmp_static)


def test_refuses_a_symlink_out_of_the_static_root(tmp_static):
    (tmp_static / "pdf" / "evil.css").symlink_to(tmp_static.parent / "secret.css")
    (tmp_static / "pdf" / "dir").symlink_to(tmp_static.parent, target_is_directory=True)
    (tmp_static / "pdf" / "fine.css").symlink_to(tmp_static / "pdf" / "ok.css")
    for name in ("evil.css", "dir/secret.css"):
        with pytest.raises(RefusedURL):
            safe_url_fetcher(path2url(tmp_static / "pdf" / name))
    assert safe_url_fetcher(path2url(tmp_static / "pdf" / "fine.css")).read() == b"p { color: black }"


def test_refusals_are_logged_truncated(caplog):
    url = "http://127.0.0.1:9/" + "a" * 5000
    with caplog.at_level(logging.WARNING, logger="core.pdf"), pytest.raises(RefusedURL):
        safe_url_fetcher(url)
    (record,) = [r for r in caplog.records if r.name == "core.pdf"]
    assert record.levelno == logging.WARNING
    assert "http://127.0.0.1:9/aaa" in record.getMessage() and len(record.getMessage()) < 300
