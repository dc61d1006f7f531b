"""Uploads as tests send them: valid files of each allowed type, and hostile ones."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from files.checks import CheckedFile, validate_uploads

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def pdf(name: str = "surat.pdf", size: int | None = None) -> SimpleUploadedFile:
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def office(name: str, entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in entries.items():
            archive.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def docx(name: str = "kontrak.docx") -> SimpleUploadedFile:
    return office(name, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsx(name: str = "hps.xlsx") -> SimpleUploadedFile:
    return office(name, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def hostile(kind: str) -> SimpleUploadedFile:
    """Files the portal must refuse whatever they are called."""
    if kind == "html_as_pdf":
        return SimpleUploadedFile("laporan.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "application/pdf")
    if kind == "svg":
        return SimpleUploadedFile(
            "gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"
        )
    if kind == "svg_as_png":
        return SimpleUploadedFile("gambar.png", b"<svg onload=alert(1)></svg>", "image/png")
    if kind == "exe":
        return SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 64, "application/octet-stream")
    if kind == "exe_as_pdf":
        return SimpleUploadedFile("dokumen.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, "application/pdf")
    if kind == "zip":
        return office("arsip.zip", {"readme.txt": b"hello"})
    if kind == "docm":
        return office(
            "makro.docx",
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", "word/vbaProject.bin": b"\x00"},
        )
    if kind == "too_large":
        return pdf("besar.pdf", size=11 * 1024 * 1024)
    if kind == "empty":
        return SimpleUploadedFile("kosong.pdf", b"", "application/pdf")
    raise ValueError(kind)


def real_pdf_bytes(pages: int = 1, *, password: str = "") -> bytes:
    """A PDF that opens (pypdf wrote it): what a scanner produces, minus the picture."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def letter_scan(name: str = "surat-permohonan.pdf", *, pages: int = 1, size: int | None = None) -> SimpleUploadedFile:
    """The scan of a signed letter; ``size`` pads it (trailing bytes after %%EOF are
    ignored by readers) to test the 20 MB limit."""
    content = real_pdf_bytes(pages)
    if size is not None:
        content += b"\n" + b"0" * (size - len(content) - 1)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def bad_scan(kind: str) -> SimpleUploadedFile:
    """Scans the letter desk must refuse, each with its own message."""
    if kind == "encrypted":
        return SimpleUploadedFile("terkunci.pdf", real_pdf_bytes(password="rahasia"), "application/pdf")
    if kind == "broken":
        return SimpleUploadedFile("rusak.pdf", real_pdf_bytes()[:60], "application/pdf")
    if kind == "not_pdf":
        return SimpleUploadedFile("surat.pdf", PNG_BYTES, "application/pdf")
    if kind == "too_large":
        return letter_scan("besar.pdf", size=20 * 1024 * 1024 + 1)
    if kind == "empty":
        return SimpleUploadedFile("kosong.pdf", b"", "application/pdf")
    raise ValueError(kind)


def checked(*uploads: SimpleUploadedFile) -> list[CheckedFile]:
    """Uploads as a form hands them to a service: checked by content
    (``consultations.forms.common.AttachmentsField`` cleans to these)."""
    return validate_uploads(list(uploads))
