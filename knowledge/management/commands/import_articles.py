"""``manage.py import_articles FILE.jsonl`` — publish existing questions and answers.

One JSON object a line: ``question``, ``answer``, ``category`` (a category's code, name
or English name, any case), optional ``title`` (else the question's first sentence),
``published_at`` (ISO 8601 date or date-time; a time without offset is WIB; else now),
``regulations`` (text) and ``kinds`` (a list of saran/pendapat/rekomendasi/
tindakan_koreksi). Other keys are ignored.

Idempotent: a line is recognised by its title and question (``services.import_key``);
importing a file again updates what changed and adds nothing. The report counts imported,
updated, unchanged and refused lines, and names each refused line with its reason.

Exit status: 0 when the file could be read, whatever its lines held — a refused line is
the data's problem, reported for the editor to fix, and must not stop the lines after it
(nor make a scheduled import look broken); 1 (CommandError) only when the file cannot be
opened or is not UTF-8 text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consultations.models import AnswerKind, Category
from knowledge import services
from knowledge import synonyms as synonym_store
from knowledge.models import ANSWER_MAX, QUESTION_MAX, TITLE_MAX

REASONS = {
    "json": "bukan JSON yang sah / not valid JSON",
    "object": "bukan objek JSON / not a JSON object",
    "missing": "kolom wajib tidak ada: {field} / required field missing: {field}",
    "type": "kolom {field} harus teks / field {field} must be text",
    "empty": "kolom {field} kosong / field {field} is empty",
    "long": "kolom {field} terlalu panjang (maks. {limit} karakter) / field {field} too long (max {limit} characters)",
    "category": "kategori tidak dikenal: {value!r} / unknown category: {value!r}",
    "kinds": "kinds harus daftar jenis jawaban yang dikenal / kinds must be a list of known answer kinds",
    "date": "published_at bukan tanggal ISO 8601: {value!r} / published_at is not an ISO 8601 date",
    "duplicate": "baris yang sama dengan baris {line} / same article as line {line}",
}
LIMITS = {"title": TITLE_MAX, "question": QUESTION_MAX, "answer": ANSWER_MAX, "regulations": QUESTION_MAX}


class Refused(Exception):
    def __init__(self, reason: str, **params):
        super().__init__(REASONS[reason].format(**params))


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=lambda: {o.value: 0 for o in services.Outcome})
    refused: list[tuple[int, str]] = field(default_factory=list)


class Command(BaseCommand):
    help = "Impor tanya-jawab dari berkas JSONL sebagai artikel terbit / Import Q&A from a JSONL file as published articles."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            lines = file.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Berkas tidak dapat dibaca / cannot read {file}: {error}") from error
        report = import_lines(lines)
        self.stdout.write(format_report(report))


def import_lines(lines: list[str]) -> Report:
    report = Report()
    categories = _category_lookup()
    synonyms = synonym_store.current()
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            values = _parse(line, categories)
            key = services.import_key(values["title"], values["question"])
            if key in seen:
                raise Refused("duplicate", line=seen[key])
            seen[key] = number
        except Refused as refusal:
            report.refused.append((number, str(refusal)))
            continue
        result = services.import_article(**values, synonyms=synonyms)
        report.counts[result.outcome.value] += 1
    return report


def format_report(report: Report) -> str:
    c = report.counts
    out = [
        f"Diimpor/imported: {c['imported']}, diperbarui/updated: {c['updated']}, "
        f"tidak berubah/unchanged: {c['unchanged']}, ditolak/refused: {len(report.refused)}"
    ]
    out += [f"  baris/line {number}: {reason}" for number, reason in report.refused]
    return "\n".join(out)


def _category_lookup() -> dict[str, Category]:
    found: dict[str, Category] = {}
    for category in Category.objects.all():
        for name in (category.name_en, category.name, category.code):  # code wins a clash
            found[" ".join(name.casefold().split())] = category
    return found


def _parse(line: str, categories: dict[str, Category]) -> dict:
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        raise Refused("json") from None
    if not isinstance(data, dict):
        raise Refused("object")
    text = {}
    optional = ("title", "regulations")
    for name in ("question", "answer", "category", *optional):
        value = data.get(name)
        if value is None:
            if name in optional:
                continue
            raise Refused("missing", field=name)
        if not isinstance(value, str):
            raise Refused("type", field=name)
        value = value.replace("\x00", "").strip()
        if not value:
            if name in optional:
                continue
            raise Refused("empty", field=name)
        if name in LIMITS and len(value) > LIMITS[name]:
            raise Refused("long", field=name, limit=LIMITS[name])
        text[name] = value
    category = categories.get(" ".join(text["category"].casefold().split()))
    if category is None:
        raise Refused("category", value=text["category"][:80])
    return {
        "title": text.get("title") or services.title_from_question(text["question"]),
        "question": text["question"],
        "answer": text["answer"],
        "category": category,
        "published_at": _published_at(data.get("published_at")),
        "regulations": text.get("regulations", ""),
        "kinds": _kinds(data.get("kinds")),
    }


def _kinds(value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value) or AnswerKind.unknown(value):
        raise Refused("kinds")
    return AnswerKind.in_order(value)


def _published_at(value) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Refused("date", value=value)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Refused("date", value=value[:40]) from None
    if len(value.strip()) == 10:  # a date: the start of that day in WIB
        parsed = datetime.combine(parsed.date(), time.min)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return parsed
