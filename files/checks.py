"""Which uploaded files the service accepts, recognised by content; for every desk.

The forms' file fields call :func:`validate_uploads` (or :func:`validate_letter_scan`)
and hand the services :class:`CheckedFile` values: services take only those, so a file
that reaches storage has passed here, once, whoever called. Detection reads magic bytes (and, for
DOCX/XLSX, the ZIP directory without decompressing anything), so an HTML page renamed
``.pdf``, an SVG, an executable or a plain archive is refused whatever its name says.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024  # 10 MB
MAX_NAME_LENGTH = 150
ALLOWED_DESCRIPTION = _("PDF, DOCX, XLSX, JPG atau PNG")


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    also: tuple[str, ...] = ()


PDF = FileType("application/pdf", ".pdf")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
JPEG = FileType("image/jpeg", ".jpg", also=(".jpeg",))
PNG = FileType("image/png", ".png")
ALLOWED_TYPES = (PDF, DOCX, XLSX, JPEG, PNG)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed: what to store and how to describe it."""

    file: IO[bytes]
    name: str
    size: int
    content_type: str


def detect_type(file: IO[bytes]) -> FileType | None:
    """The allowed type ``file`` really is, or None. Leaves the file at position 0."""
    file.seek(0)
    head = file.read(8)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _office_type(file)
        return None
    finally:
        file.seek(0)


def _office_type(file: IO[bytes]) -> FileType | None:
    file.seek(0)
    try:
        names = set(zipfile.ZipFile(file).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None  # an ordinary archive
    # Macro-enabled documents (.docm, .xlsm) carry a VBA project: code, refused.
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def sanitize_filename(name: str, file_type: FileType | None = None) -> str:
    """A file name safe to show and to offer as a download name.

    Drops any path, control and shell-special characters, collapses runs, keeps it short,
    and makes the extension tell the truth about the content.
    """
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    name = re.sub(r"[_ ]{2,}", "_", name)
    stem, ext = os.path.splitext(name)
    if file_type is not None and ext.lower() not in (file_type.extension, *file_type.also):
        ext = file_type.extension
    stem = stem.strip(" ._") or "lampiran"
    stem = stem[: MAX_NAME_LENGTH - len(ext)]
    return f"{stem}{ext.lower()}"


def file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    return int(size)


def validate_uploads(files: list | tuple, *, field: str = "files") -> list[CheckedFile]:
    """Check every file; raise one ValidationError naming each refused file, or return them.

    The message names the files so that the page can say which ones to choose again.
    """
    files = [f for f in files if f is not None]
    errors: list[ValidationError] = []
    if len(files) > MAX_FILES:
        errors.append(
            ValidationError(
                ngettext_lazy(
                    "Paling banyak %(max)d berkas dapat diunggah.",
                    "Paling banyak %(max)d berkas dapat diunggah.",
                    MAX_FILES,
                ),
                code="too_many_files",
                params={"max": MAX_FILES},
            )
        )
    checked: list[CheckedFile] = []
    for upload in files:
        shown = sanitize_filename(getattr(upload, "name", "") or "")
        size = file_size(upload)
        if size == 0:
            errors.append(
                ValidationError(_("Berkas %(name)s kosong."), code="empty_file", params={"name": shown})
            )
            continue
        if size > MAX_FILE_SIZE:
            errors.append(
                ValidationError(
                    _("Berkas %(name)s terlalu besar; ukuran maksimal %(max)d MB per berkas."),
                    code="file_too_large",
                    params={"name": shown, "max": MAX_FILE_SIZE // (1024 * 1024)},
                )
            )
            continue
        file_type = detect_type(upload)
        if file_type is None:
            errors.append(
                ValidationError(
                    _("Berkas %(name)s tidak dapat diterima: isinya bukan %(allowed)s."),
                    code="file_type_refused",
                    params={"name": shown, "allowed": ALLOWED_DESCRIPTION},
                )
            )
            continue
        checked.append(
            CheckedFile(
                file=upload,
                name=sanitize_filename(getattr(upload, "name", "") or "", file_type),
                size=size,
                content_type=file_type.content_type,
            )
        )
    if errors:
        raise ValidationError({field: errors})
    return checked


def refused_names(errors: list[ValidationError]) -> frozenset[str]:
    """The names (as shown) of the files that ``validate_uploads``'s errors refused: each
    refused file's message carries its name; limits on the whole set carry none."""
    return frozenset(error.params["name"] for error in errors if error.params and "name" in error.params)


LETTER_SCAN_MAX_SIZE = 20 * 1024 * 1024  # 20 MB: a signed letter scanned with its annexes


def validate_letter_scan(upload, *, field: str = "scan") -> CheckedFile:
    """The scan of a signed letter or invitation: one PDF of at most 20 MB that opens —
    not encrypted (the office must be able to read and archive it), not broken, with at
    least one page. Read with pypdf, which parses without running anything in the file."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if upload is None:
        raise ValidationError({field: _("Unggah pindaian surat (PDF).")}, code="required")
    shown = sanitize_filename(getattr(upload, "name", "") or "")
    size = file_size(upload)
    if size == 0:
        raise ValidationError({field: _("Berkas %(name)s kosong.") % {"name": shown}}, code="empty_file")
    if size > LETTER_SCAN_MAX_SIZE:
        raise ValidationError(
            {field: _("Berkas %(name)s terlalu besar; pindaian surat paling besar %(max)d MB.")
             % {"name": shown, "max": LETTER_SCAN_MAX_SIZE // (1024 * 1024)}},
            code="file_too_large",
        )
    if detect_type(upload) is not PDF:
        raise ValidationError(
            {field: _("Berkas %(name)s bukan PDF. Pindai surat sebagai PDF lalu unggah lagi.") % {"name": shown}},
            code="not_pdf",
        )
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                {field: _("Berkas %(name)s dilindungi kata sandi. Unggah PDF tanpa kata sandi.") % {"name": shown}},
                code="encrypted_pdf",
            )
        pages = len(reader.pages)
    # What pypdf raises on a damaged file, beside its own error.
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, IndexError, AttributeError, RecursionError):
        pages = 0
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError(
            {field: _("Berkas %(name)s rusak atau tidak dapat dibuka sebagai PDF.") % {"name": shown}},
            code="broken_pdf",
        )
    return CheckedFile(file=upload, name=sanitize_filename(shown, PDF), size=size, content_type=PDF.content_type)
