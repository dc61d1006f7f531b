"""PDFs from the named templates ``templates/pdf/<name>.html``, rendered by WeasyPrint.

The templates carry text that applicants typed (subjects, bodies, instructions). Django
autoescapes it, and on top of that WeasyPrint gets a fetcher that can read nothing but
fonts, images and stylesheets under the project's own ``static/`` and small ``data:``
URLs: whatever slips into the HTML can neither reach the network (SSRF) nor read a file
of the server into a document that is sent out.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import DataHandler, OpenerDirector, Request, url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

logger = logging.getLogger(__name__)

# A data: URL is inline in the HTML, so its size is what the template (or an attacker's
# text, were it ever unescaped) put there; 32 KiB is a small icon, not a decompression toy.
DATA_URL_MAX_BYTES = 32 * 1024
# What a letter can legitimately need from static/: never scripts or source maps.
STATIC_SUFFIXES = frozenset({".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ttf", ".otf", ".woff", ".woff2"})
STATIC_FILE_MAX_BYTES = 4 * 1024 * 1024
# Deadlines and letters are dated in WIB whatever the server's zone (DESIGN.md, 11).
DISPLAY_TIME_ZONE = "Asia/Jakarta"
_LOGGED_URL_CHARS = 120
# A name, not a path: render_pdf can only reach templates/pdf/<name>.html.
_TEMPLATE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class PdfError(Exception):
    """Rendering failed; the cause is chained. Callers keep the submission and retry."""


class RefusedURL(ValueError):
    """A resource the fetcher will not serve (WeasyPrint skips it and renders on)."""


def static_root() -> Path:
    """The one directory PDFs may read from (resolved per call so tests can move it)."""
    return Path(settings.BASE_DIR) / "static"


def _refuse(url: str, reason: str) -> RefusedURL:
    logger.warning("PDF resource refused (%s): %.*s", reason, _LOGGED_URL_CHARS, url)
    return RefusedURL(f"{reason}: {url[:_LOGGED_URL_CHARS]}")


def _data_url(url: str) -> URLFetcherResponse:
    if len(url) > DATA_URL_MAX_BYTES:
        raise _refuse(url, f"data: URL over {DATA_URL_MAX_BYTES} bytes")
    try:
        # urllib's data: decoder is pure parsing; no opener, so no other scheme is near.
        response = DataHandler().data_open(Request(url))
        body = response.read()
    except (ValueError, TypeError) as exc:
        raise _refuse(url, f"malformed data: URL ({exc})") from exc
    return URLFetcherResponse(url, body, {"Content-Type": response.headers.get("Content-Type", "text/plain")})


def _static_file(url: str, root: Path) -> URLFetcherResponse:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise _refuse(url, "file: URL on another host")
    try:
        # realpath after decoding: "..", %2e%2e and symlinks all resolve before the check.
        path = os.path.realpath(url2pathname(parts.path))
        base = os.path.realpath(root)
        inside = os.path.commonpath([base, path]) == base and path != base
    except ValueError as exc:  # e.g. an embedded NUL byte
        raise _refuse(url, "unreadable path") from exc
    if not inside:
        raise _refuse(url, "outside the static directory")
    if Path(path).suffix.lower() not in STATIC_SUFFIXES or not os.path.isfile(path):
        raise _refuse(url, "not a font, image or stylesheet file")
    if os.path.getsize(path) > STATIC_FILE_MAX_BYTES:
        raise _refuse(url, "static file too large")
    with open(path, "rb") as handle:
        body = handle.read()
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    # The resolved URL, so relative references inside a stylesheet resolve from its real place.
    return URLFetcherResponse(path2url(path), body, {"Content-Type": content_type})


def safe_url_fetcher(
    url: str, timeout: float | None = None, ssl_context: object | None = None, *, root: Path | None = None
) -> URLFetcherResponse:
    """Serve ``url`` if it is a file under ``root`` (default: ``static_root()``) or a small
    ``data:`` URL; raise ``RefusedURL`` for anything else. Never does network I/O.

    ``timeout`` and ``ssl_context`` mirror WeasyPrint's fetcher signature and are unused.
    """
    del timeout, ssl_context
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        return _data_url(url)
    if scheme == "file":
        return _static_file(url, root if root is not None else static_root())
    raise _refuse(url, f"scheme {scheme or '(none)'!r} not allowed")


class SafeURLFetcher(URLFetcher):
    """WeasyPrint 70 wants a ``URLFetcher`` instance (it reads its attributes), so this is
    one, whose only way to fetch is ``safe_url_fetcher``."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=False)
        # Drop the urllib handlers URLFetcher installs (http, https, ftp, file): should a
        # future WeasyPrint call the opener directly, it finds nothing that can open a URL.
        OpenerDirector.__init__(self)
        self._root = root

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        return safe_url_fetcher(url, root=self._root)

    def open(self, url: object, data: object = None, timeout: float | None = None) -> URLFetcherResponse:
        return self.fetch(url.full_url if isinstance(url, Request) else str(url))


def _page_label() -> list[tuple[str, str]]:
    """The translated "Halaman X dari Y" as ("text", words) / ("page", "") / ("pages", "")
    parts in the translation's own order: the numbers exist only as CSS counters, the
    words only as (escaped) HTML text, never as a CSS string."""
    parts = []
    for piece in re.split(r"(%\((?:number|total)\)s)", gettext("Halaman %(number)s dari %(total)s")):
        if piece == "%(number)s":
            parts.append(("page", ""))
        elif piece == "%(total)s":
            parts.append(("pages", ""))
        elif piece:
            parts.append(("text", piece))
    return parts


def render_pdf(template_name: str, context: Mapping[str, object], *, language: str) -> bytes:
    """Render ``pdf/<template_name>.html`` in ``language`` with dates in WIB, as PDF bytes.

    Raises ``PdfError`` when the template or WeasyPrint fails.
    """
    if not _TEMPLATE_NAME.fullmatch(template_name):
        raise ValueError(f"not a PDF template name: {template_name!r}")
    try:
        # "en-us" (a browser's code) renders as "en"; a language we have no text for is a bug.
        language = translation.get_supported_language_variant(language)
    except LookupError:
        raise ValueError(f"unknown language {language!r}") from None
    root = static_root()
    try:
        with translation.override(language), timezone.override(DISPLAY_TIME_ZONE):
            html = render_to_string(f"pdf/{template_name}.html", {**context, "pdf_page_label": _page_label()})
        # The base is the static directory: the templates' relative links ("pdf/letterhead.css")
        # resolve to file: URLs the fetcher serves. The title comes from <title>.
        document = HTML(string=html, base_url=path2url(f"{root}{os.sep}"), url_fetcher=SafeURLFetcher(root))
        return document.write_pdf()
    except Exception as exc:
        raise PdfError(f"pdf/{template_name}.html ({language}) could not be rendered: {exc}") from exc
