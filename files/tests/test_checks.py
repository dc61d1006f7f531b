"""Attachments are recognised by content; hostile files are refused by name."""

import pytest
from django.core.exceptions import ValidationError

from files.checks import MAX_FILES, detect_type, sanitize_filename, validate_uploads

from .builders import docx, hostile, pdf, png, xlsx


@pytest.mark.parametrize(
    "upload, content_type",
    [
        (pdf(), "application/pdf"),
        (png(), "image/png"),
        (docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_allowed_types_are_recognised(upload, content_type):
    [checked] = validate_uploads([upload])
    assert checked.content_type == content_type
    assert checked.size == upload.size
    assert upload.tell() == 0


@pytest.mark.parametrize(
    "kind", ["html_as_pdf", "svg", "svg_as_png", "exe", "exe_as_pdf", "zip", "docm", "too_large", "empty"]
)
def test_hostile_files_are_refused_by_name(kind):
    upload = hostile(kind)
    with pytest.raises(ValidationError) as caught:
        validate_uploads([pdf("baik.pdf"), upload])
    [message] = caught.value.message_dict["files"]
    assert sanitize_filename(upload.name) in message
    assert "baik.pdf" not in message


def test_too_large_says_the_limit():
    with pytest.raises(ValidationError) as caught:
        validate_uploads([hostile("too_large")])
    assert "10 MB" in caught.value.message_dict["files"][0]


def test_at_most_five_files():
    validate_uploads([pdf(f"f{i}.pdf") for i in range(MAX_FILES)])
    with pytest.raises(ValidationError):
        validate_uploads([pdf(f"f{i}.pdf") for i in range(MAX_FILES + 1)])


def test_detection_does_not_trust_the_extension():
    assert detect_type(hostile("html_as_pdf")) is None
    assert detect_type(png("ternyata.pdf")).content_type == "image/png"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\budi\\Surat Permohonan.PDF", "Surat Permohonan.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "img src_x onerror_alert(1).pdf"),
        ("Laporan  Akhir;rm -rf $HOME.docx", "Laporan_Akhir_rm -rf_HOME.docx"),
        ("laporan\x00.pdf", "laporan.pdf"),
        ("...", "lampiran"),
        ("surat resmi.pdf.exe", "surat resmi.pdf.exe"),
    ],
)
def test_sanitize_filename(name, expected):
    assert sanitize_filename(name) == expected


def test_sanitized_name_tells_the_truth_about_the_content():
    upload = png("foto.pdf")
    [checked] = validate_uploads([upload])
    assert checked.name == "foto.png"
    assert sanitize_filename("x" * 400 + ".pdf").endswith(".pdf")
    assert len(sanitize_filename("x" * 400 + ".pdf")) <= 150


def test_the_attachments_help_follows_the_language_of_the_request():
    # The field is built once, with the form class; its help must not be frozen in the
    # language that happened to be active then.
    from django.utils import translation

    from consultations.channels.website.forms import ConsultationForm

    field = ConsultationForm.base_fields["files"]
    with translation.override("en"):
        assert str(field.help_text) == "Up to 5 files, each no larger than 10 MB: PDF, DOCX, XLSX, JPG or PNG."
    with translation.override("id"):
        assert str(field.help_text) == "Paling banyak 5 berkas, masing-masing paling besar 10 MB: PDF, DOCX, XLSX, JPG atau PNG."
