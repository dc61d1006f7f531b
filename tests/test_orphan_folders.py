"""Every storage folder the code writes files into is swept for orphans (issue 24.5).

The folders written are read from the models (each FileField's ``upload_to`` asked for a
name) and no module saves into a storage by hand; the folders swept are what the desks'
nightly clean-ups declare (``orphan_folders``). They must be the same, and a field that
writes into a folder must be among the fields the sweep asks before deleting a file
there — otherwise the sweep would take that field's files for orphans."""

from __future__ import annotations

import ast
import os
import time
from collections import defaultdict

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import FileField

from complaints import tasks as complaint_tasks
from consultations import housekeeping as consultation_housekeeping
from consultations import tasks as consultation_tasks
from files.housekeeping import upload_folder
from tests.test_architecture import ROOT, modules


def written() -> dict[str, set[FileField]]:
    """Folder -> the file fields of any installed model that store files in it."""
    found: dict[str, set[FileField]] = defaultdict(set)
    for model in apps.get_models():
        if ".tests." in model.__module__:
            continue  # a model a test defines for itself (files.tests.test_storage) stores nothing in production
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                found[upload_folder(field)].add(field)
    return dict(found)


def swept() -> dict[str, set[FileField]]:
    """Folder -> the file fields the nightly clean-ups ask before deleting a file there."""
    desks = [consultation_housekeeping.orphan_folders(), complaint_tasks.orphan_folders()]
    found: dict[str, set[FileField]] = {}
    for desk in desks:
        for folder, fields in desk.items():
            assert folder not in found, f"{folder} is swept by two desks"
            found[folder] = set(fields)
    return found


def test_the_folders_written_are_the_folders_swept():
    folders = written()
    assert {"consultations", "letters", "visits", "reports", "complaints"} <= set(folders)  # the introspection works
    assert set(folders) == set(swept())
    for folder, fields in folders.items():
        missing = fields - swept()[folder]
        assert not missing, f"the sweep of {folder}/ would delete the files of {sorted(map(str, missing))}"


def test_both_clean_ups_run_every_night():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"consultations.tasks.clean_up_intake", "complaints.tasks.remove_orphan_scans"} <= tasks


def _saves_by_hand(tree: ast.AST) -> list[int]:
    """Lines that write to a storage other than through a FileField: ``<...storage>.save(...)``
    or ``<...storage>.open(..., "w...")``."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", "")
        if not name.lower().endswith("storage"):
            continue
        mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
        writes_mode = isinstance(mode, ast.Constant) and any(c in str(mode.value) for c in "wax+")
        if node.func.attr == "save" or (node.func.attr == "open" and writes_mode):
            lines.append(node.lineno)
    return lines


def test_no_module_saves_into_a_storage_by_hand():
    """So the FileFields are every writer, and ``written()`` every folder."""
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in modules().values()
        if (lines := _saves_by_hand(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


@pytest.mark.django_db
def test_an_old_orphan_in_every_folder_is_removed_and_a_young_one_kept(tmp_uploads):
    old, young = {}, {}
    for folder in written():
        old[folder] = default_storage.save(f"{folder}/0a/{'a' * 32}", ContentFile(b"%PDF-1.4 orphan"))
        young[folder] = default_storage.save(f"{folder}/0b/{'b' * 32}", ContentFile(b"%PDF-1.4 young"))
        then = time.time() - 2 * 86400
        os.utime(default_storage.path(old[folder]), (then, then))

    consultation_tasks.clean_up_intake()
    complaint_tasks.remove_orphan_scans()

    assert [name for name in old.values() if default_storage.exists(name)] == []
    assert all(default_storage.exists(name) for name in young.values())
