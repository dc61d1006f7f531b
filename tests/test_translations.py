"""English is the second language of every page: the catalogue is complete and compiled.

The msgids are Indonesian (the first language); locale/en holds the English. ``.ci/run``
also re-extracts the messages from the code and fails on any string without English.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext tools missing: apt-get install gettext"
)


@needs_gettext
def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "django.po")],
        capture_output=True, text=True, check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@needs_gettext
def test_compiled_catalogue_matches_the_po_file(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(LOCALE / "django.po")], check=True)
    with fresh.open("rb") as a, (LOCALE / "django.mo").open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            "locale/en/LC_MESSAGES/django.mo is stale: run 'make messages' and commit"
        )


def test_words_written_inside_f_strings_have_their_english():
    """The pages written in Python put ``_("…")`` inside f-strings, where xgettext 0.21
    does not look; ``manage.py makemessages`` (core's) collects them. Each has English."""
    from core.management.commands.makemessages import fstring_messages

    with (LOCALE / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    found = fstring_messages()
    assert len(found) > 50  # the case page's sections, the panels, the queues' rows
    missing = []
    for name, texts in found:
        if name.startswith("ngettext"):
            key = (texts[0], 0)
        elif name.startswith("pgettext"):
            key = f"{texts[0]}\x04{texts[1]}"
        else:
            key = texts[0]
        if not catalog.get(key):
            missing.append(texts)
    assert not missing, f"no English for: {missing}: run 'make messages' and translate"
