"""Storage under random names, and files taken back when the step that stored them fails."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import models

from files.checks import validate_uploads
from files.storage import RandomName, discard, kept_until_failure, random_name, store

from .builders import pdf, png


class StoredThing(models.Model):
    """A desk's file row, as far as ``store`` cares (files has no models of its own).
    Never saved: no table; only ever built unsaved, like the services do."""

    file = models.FileField(upload_to=RandomName("tests"))

    class Meta:
        app_label = "files"
        managed = False


def _Row(storage: FileSystemStorage) -> StoredThing:
    assert row_storage().location == storage.location
    return StoredThing()


def row_storage():
    return StoredThing._meta.get_field("file").storage


@pytest.fixture
def storage(settings, tmp_path):
    """The default storage, in a folder of this test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return FileSystemStorage(location=tmp_path)


def stored(tmp_path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


def test_names_are_random_and_say_nothing_of_the_upload():
    first, second = random_name("complaints"), random_name("complaints")
    assert first != second
    assert re.fullmatch(r"complaints/([0-9a-f]{2})/\1[0-9a-f]{30}", first)
    assert RandomName("x")(None, "../../etc/passwd.pdf").startswith("x/")


def test_the_upload_to_survives_a_migration():
    # makemigrations writes it out; it must come back equal.
    path, args, kwargs = RandomName("complaints").deconstruct()
    assert path == "files.storage.RandomName" and args == ("complaints",)
    assert RandomName(*args) == RandomName("complaints")


def test_store_writes_each_checked_file_under_a_random_name(storage, tmp_path):
    checked = validate_uploads([pdf("Surat Permohonan.pdf"), png("foto.png")])
    rows = store(checked, build=lambda item: _Row(storage))
    assert [row.file.name.split("/")[0] for row in rows] == ["tests", "tests"]
    assert len(stored(tmp_path)) == 2
    assert not any("Surat" in name for name in stored(tmp_path))


def test_a_failing_step_takes_its_files_back_and_the_error_goes_on(storage, tmp_path):
    checked = validate_uploads([pdf()])
    with pytest.raises(RuntimeError, match="database went away"):
        with kept_until_failure(store(checked, build=lambda item: _Row(storage))):
            assert len(stored(tmp_path)) == 1
            raise RuntimeError("database went away")
    assert stored(tmp_path) == []


def test_a_step_that_succeeds_keeps_its_files(storage, tmp_path):
    with kept_until_failure(store(validate_uploads([pdf()]), build=lambda item: _Row(storage))) as rows:
        pass
    assert stored(tmp_path) == [rows[0].file.name]


def test_discard_never_raises_for_a_file_already_gone(storage, tmp_path):
    rows = store(validate_uploads([pdf()]), build=lambda item: _Row(storage))
    (tmp_path / rows[0].file.name).unlink()
    discard(rows)
    assert stored(tmp_path) == []
