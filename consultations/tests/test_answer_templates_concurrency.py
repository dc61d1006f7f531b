"""Two people inserting the same template at the same moment count two uses: the count
is one ``UPDATE ... SET use_count = use_count + 1`` (``F()``), not a read and a write.

Only PostgreSQL runs the two writers in parallel at all (SQLite serialises them), so
the test is skipped there; CI runs it on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.models import InstitutionType, Role
from accounts.tests.factories import ApplicantFactory, InternalUserFactory, directorate
from consultations.models import AnswerTemplate
from consultations.services import answer_templates as templates

from .factories import category, submit

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL"),
]


def test_two_concurrent_uses_count_two(spec_day, holidays, monkeypatch):
    leads = [InternalUserFactory(role=Role.TEAM_LEAD, directorate=directorate("pusat")) for _ in range(2)]
    cases = [submit(ApplicantFactory(profile__institution_type=InstitutionType.KL)) for _ in range(2)]
    template = templates.create_template(actor=leads[0], category=category(), title="HPS", body="Isi.")
    # Both threads hold the row as it was (use_count 0) and both pass their checks before
    # either writes: a read-modify-write would leave 1.
    start = threading.Barrier(2)
    real_may_use = templates.may_use

    def may_use_then_wait(user, tpl, case):
        allowed = real_may_use(user, tpl, case)
        start.wait(timeout=10)
        return allowed

    monkeypatch.setattr(templates, "may_use", may_use_then_wait)
    outcomes: dict[int, object] = {}

    def run(index: int) -> None:
        try:
            held = AnswerTemplate.objects.get(pk=template.pk)
            outcomes[index] = templates.use_template(actor=leads[index], template=held, consultation=cases[index])
        except BaseException as exc:  # noqa: BLE001 - returned to the test to check
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(outcome, str) for outcome in outcomes.values()), outcomes
    assert AnswerTemplate.objects.get(pk=template.pk).use_count == 2
