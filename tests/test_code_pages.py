"""Codes are not guessable in practice (issue 24, item 2): every public page opened by a
code counts its unknown codes on one counter per client address (accounts.guessing); once
they are used up every such page — a right code too — answers 429 with Retry-After until
the window ends. Answer letters carry 64-bit verification codes; the old 48-bit ones
still verify."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.access import access_of
from accounts.checks import iter_patterns
from consultations.channels.surat import selectors as letter_selectors
from consultations.models import AnswerLetter

from .bearer_codes import MONDAY, UNKNOWN, guarded_pages, make_codes, public_pages

WHY = "Terlalu banyak kode yang tidak dikenal dicoba dari alamat jaringan ini."
LIMIT = 10  # THROTTLE_CODE_GUESSES_PER_ADDRESS's default: 10 per 15 minutes


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def codes(monday, front_desk, applicant_a, tmp_uploads):
    return make_codes(front_desk, applicant_a)


def test_one_counter_for_every_kind_of_code_then_even_a_right_code_waits(codes, client, monday):
    wrong = list(guarded_pages(UNKNOWN).values())
    for attempt in range(LIMIT):  # ten misses spread over six kinds of page
        assert client.get(wrong[attempt % len(wrong)]).status_code == 404
    for name, url in guarded_pages(codes).items():
        refused = client.get(url)
        assert refused.status_code == 429, name
        assert 0 < int(refused["Retry-After"]) <= 15 * 60, name
        assert refused["Cache-Control"] == "private, no-store", name
        assert WHY in refused.content.decode(), name
    # The complaint lookup form says so on its own page, with Retry-After too.
    posted = client.post(reverse("complaints:lookup"), {"code": codes.complaint})
    assert posted.status_code == 429 and int(posted["Retry-After"]) > 0 and WHY in posted.content.decode()
    assert 'id="pelacakan-ditahan"' in posted.content.decode()
    # Another client address is not held back; this one is, until the window ends.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert elsewhere.get(guarded_pages(codes)["consultations:verify_letter"]).status_code == 200
    monday.shift(timedelta(minutes=15))
    for name, url in guarded_pages(codes).items():
        assert client.get(url).status_code == 200, name


def test_nine_misses_and_right_codes_open_as_often_as_asked(codes, client):
    for attempt in range(LIMIT - 1):
        assert client.get(reverse("consultations:visit_done", kwargs={"code": f"ZZZZ{attempt:04d}"})).status_code == 404
    for _again in range(3):
        for name, url in guarded_pages(codes).items():
            assert client.get(url).status_code == 200, name  # a right code is not counted
    found = client.post(reverse("complaints:lookup"), {"code": codes.complaint})
    assert found.status_code == 302


def test_the_complaint_lookup_counts_on_the_same_counter(codes, client):
    for attempt in range(LIMIT):
        assert client.post(reverse("complaints:lookup"), {"code": f"ADU-2222-3333-4444-{attempt:04d}"}).status_code == 404
    refused = client.get(guarded_pages(codes)["consultations:visit_done"])
    assert refused.status_code == 429 and refused["Retry-After"]


def test_verification_codes_have_64_bits_and_old_ones_still_verify(codes, client):
    issued = AnswerLetter.objects.get()
    assert issued.verification_code == codes.verification
    groups = codes.verification.split("-")
    assert len(groups) == 4 and all(len(g) == 4 for g in groups) and int("".join(groups), 16) < 2**64
    # A letter issued before: three groups (48 bits), as printed on it.
    with connection.cursor() as cursor:  # rows are append-only: as the row of a letter issued then
        cursor.execute(f"UPDATE {AnswerLetter._meta.db_table} SET verification_code = %s WHERE id = %s",
                       ["0A1B-2C3D-4E5F", issued.pk])
    for typed in ("0A1B-2C3D-4E5F", "0a1b2c3d4e5f", "0a1b 2c3d 4e5f"):
        assert letter_selectors.answer_letter_by_code(code=typed) == issued, typed
    page = client.get(reverse("consultations:verify_letter", kwargs={"code": "0a1b-2c3d-4e5f"}))
    assert page.status_code == 200 and issued.sha256 in page.content.decode()


def test_every_public_page_opened_by_a_code_is_guarded(codes):
    """Derived from the URLconf: a public view with a ``code`` or ``token`` in its address
    is guarded, or says here why not."""
    explicit = {"complaints:track": "counts and refuses in the view, on the tracking form's page"}
    not_guarded = {
        "surveys:answer": "a 192-bit token in an e-mailed link; a 404 also answers a used or expired link",
    }
    found = {}
    for _route, name, pattern in iter_patterns():
        access = access_of(pattern.callback)
        if access is None or access.roles is not None or access.delegated_to:
            continue
        if {"code", "token"} & set(pattern.pattern.regex.groupindex):
            found[name] = getattr(pattern.callback, "guards_code_guessing", False)
    assert set(found) == set(public_pages(codes)), found
    unguarded = {name for name, guarded in found.items() if not guarded} - set(explicit) - set(not_guarded)
    assert not unguarded, f"public pages opened by a code without accounts.guessing.guarded: {unguarded}"
