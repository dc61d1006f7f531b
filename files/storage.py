"""Storing checked uploads under random names, and taking them back when the
transaction that should have recorded them fails.

Files are written before the caller's rows (slow storage must not hold a lock such as
the yearly case counter's). If anything after that raises, :func:`kept_until_failure`
deletes them again; if the process dies instead, the nightly orphan sweep
(``files.housekeeping``) removes them a day later.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from django.db.models import Model
from django.utils.deconstruct import deconstructible

from .checks import CheckedFile

logger = logging.getLogger(__name__)

Row = TypeVar("Row", bound=Model)


def random_name(folder: str) -> str:
    """``<folder>/<2 hex>/<32 hex>``: the name the user chose never reaches the file
    system, and nobody can guess another file's name. Storage lives outside any public
    path; downloads go through a view that checks access (``files.serving``)."""
    token = uuid.uuid4().hex
    return f"{folder}/{token[:2]}/{token}"


@deconstructible
class RandomName:
    """An ``upload_to`` for a FileField: ``RandomName("complaints")``."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Model | None, filename: str) -> str:
        return random_name(self.folder)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def store(checked: Sequence[CheckedFile], *, build: Callable[[CheckedFile], Row], field: str = "file") -> list[Row]:
    """Write each file to storage and return unsaved rows for them.

    ``build`` makes the row of one file (its name, size and type are on the
    :class:`CheckedFile`); the row's ``field`` FileField receives the content.
    """
    rows = []
    for item in checked:
        row = build(item)
        item.file.seek(0)
        getattr(row, field).save(item.name, item.file, save=False)
        rows.append(row)
    return rows


def discard(rows: Iterable[Model], *, field: str = "file") -> None:
    """Delete the stored files of ``rows`` (never raising: a file left behind is the
    orphan sweep's to remove)."""
    for row in rows:
        stored = getattr(row, field)
        try:
            stored.delete(save=False)
        except OSError:
            logger.warning("could not remove stored file %s", stored.name, exc_info=True)


@contextmanager
def kept_until_failure(rows: list[Row], *, field: str = "file") -> Iterator[list[Row]]:
    """``with kept_until_failure(store(...)) as stored:`` — the block records the rows;
    if it raises, the files are deleted and the error goes on."""
    try:
        yield rows
    except BaseException:
        discard(rows, field=field)
        raise
