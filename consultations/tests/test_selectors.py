"""Object access for views: 404 for what the user may not know exists."""

import pytest
from django.http import Http404

from consultations import selectors
from consultations.models import Attachment, EventType
from consultations.services import steps

from .factories import pdf, submit


@pytest.fixture
def case_with_file(kl_applicant, spec_day, holidays):
    return submit(kl_applicant, files=[pdf()])


@pytest.mark.parametrize("persona", ["applicant_a", "staff", "director_pusat", "front_desk", "admin_user"])
def test_who_finds_the_case_and_its_files(request, case_with_file, persona):
    user = request.getfixturevalue(persona)
    assert selectors.consultation_for(user, number=case_with_file.number) == case_with_file
    attachment = Attachment.objects.get()
    assert selectors.attachment_for(user, pk=attachment.pk) == attachment


@pytest.mark.parametrize("persona", ["applicant_b", "director_daerah", "director_hukum"])
def test_everybody_else_gets_404(request, case_with_file, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        selectors.consultation_for(user, number=case_with_file.number)
    with pytest.raises(Http404):
        selectors.attachment_for(user, pk=Attachment.objects.get().pk)


def test_applicants_see_neither_notes_nor_note_events(case_with_file, kl_applicant, staff):
    steps.add_internal_note(consultation=case_with_file, author=staff, body="Internal.")
    with pytest.raises(Http404):
        selectors.internal_notes_for(kl_applicant, case_with_file)
    assert [e.type for e in selectors.timeline_for(kl_applicant, case_with_file)] == [EventType.SUBMITTED]
    assert [e.type for e in selectors.timeline_for(staff, case_with_file)] == [EventType.SUBMITTED, EventType.NOTE_ADDED]
    assert selectors.internal_notes_for(staff, case_with_file).count() == 1
