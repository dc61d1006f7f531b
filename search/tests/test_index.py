"""The index follows the cases: every source change is found at once, in the same
transaction, on SQLite and on PostgreSQL (the triggers of search.index)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from complaints import services as complaint_services
from complaints.models import Author, ComplaintMessage
from complaints.models import Kind as ComplaintKind
from consultations.models import Answer, AnswerDraft, MeetingReport, Message
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from search import index, query, selectors
from search.models import Entry, Kind

pytestmark = pytest.mark.django_db


def found(user, text: str) -> list[int]:
    """What a search finds now: the index itself, past the page's short result cache."""
    ranked = selectors.ranked(selectors.scoped(user), query.parse(text))
    return [e.consultation_id or -e.complaint_id for e in selectors.page_entries(ranked.ids)]


@pytest.fixture
def director(db):
    return InternalUserFactory(email="direktur.uji@lkpp.go.id", role=Role.DIRECTOR, directorate=directorate("pusat"))


def test_a_new_case_is_one_row_with_its_filters(director):
    case = ConsultationFactory(subject="Sanggahan banding tender konstruksi", description="Jaminan sanggah banding")
    entry = Entry.objects.get(consultation=case)
    assert (entry.kind, entry.channel, entry.status, entry.directorate_id, entry.category_id) == (
        Kind.CONSULTATION, case.channel, case.status, case.directorate_id, case.category_id
    )
    assert entry.year == timezone.localtime(case.created_at).year
    assert entry.title == case.subject
    assert found(director, "sanggahan banding") == [case.pk]


def test_each_source_is_found_as_soon_as_it_is_written(director):
    case = ConsultationFactory(subject="Perihal biasa", description="Uraian biasa")
    now = timezone.now()
    assert found(director, "wanprestasi") == []
    Message.objects.create(
        consultation=case, author=director, from_applicant=False, body="Penyedia wanprestasi", created_at=now
    )
    assert found(director, "wanprestasi") == [case.pk]
    AnswerDraft.objects.create(
        consultation=case, version=1, author=director, kinds=[], body="Konsep tentang swakelola tipe dua",
        created_at=now,
    )
    assert found(director, "swakelola") == [case.pk]
    Answer.objects.create(consultation=case, author=director, kinds=[], text="Adendum kontrak boleh", sent_at=now)
    assert found(director, "adendum") == [case.pk]
    MeetingReport.objects.create(
        consultation=case, author=director, held_on=now.date(), attendees_lkpp="A", attendees_applicant="B",
        problem="Keterlambatan", discussion="Denda keterlambatan harian", kinds=[], advice="Hitung denda",
        written_at=now,
    )
    assert found(director, "denda harian") == [case.pk]
    case.subject = "Kontrak payung katering"
    case.save(update_fields=["subject"])
    assert found(director, "katering") == [case.pk]
    assert found(director, "biasa") == [case.pk]  # the description is still there
    assert found(director, "wanprestasi") == [case.pk]  # and the messages


def test_a_status_or_directorate_change_moves_the_filters(director, director_daerah):
    case = ConsultationFactory(subject="Konsolidasi pengadaan obat")
    case.status, case.assignee = Status.ASSIGNED, director_daerah
    case.directorate = directorate("daerah")
    case.save(update_fields=["status", "assignee", "directorate"])
    entry = Entry.objects.get(consultation=case)
    assert (entry.status, entry.directorate_id) == (Status.ASSIGNED, directorate("daerah").pk)
    assert found(director, "konsolidasi") == []  # another directorate's case now
    assert found(director_daerah, "konsolidasi") == [case.pk]


def test_complaints_and_their_messages(admin_user):
    filed = complaint_services.file_complaint(
        kind=ComplaintKind.PENGADUAN, text="Petugas loket tidak ramah", directorate=directorate("hukum"),
    )
    complaint = filed.complaint
    assert found(admin_user, "loket") == [-complaint.pk]
    ComplaintMessage.objects.create(complaint=complaint, author=Author.COMPLAINANT, text="Di ruang tunggu",
                                    at=timezone.now())
    assert found(admin_user, "ruang tunggu") == [-complaint.pk]
    complaint.follow_up = "Petugas diberi pembinaan"
    complaint.save(update_fields=["follow_up"])
    assert found(admin_user, "pembinaan") == [-complaint.pk]


def test_the_index_has_all_its_triggers_and_repairs_a_lost_one():
    assert index.missing_triggers(connection) == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER search_consultations_message_ai")
        assert index.missing_triggers(connection) == ["search_consultations_message_ai"]
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER search_entry_touch ON consultations_message")
        assert index.missing_triggers(connection) == ["consultations_message"]
    assert index.repair(connection) is True
    assert index.missing_triggers(connection) == []
    assert index.repair(connection) is False


def test_table_names_are_the_models_tables():
    from django.apps import apps

    tables = {m._meta.db_table for m in apps.get_models()}
    assert {s.table for s in index.SOURCES} <= tables


def test_the_reindex_command_rebuilds_every_row(director):
    from io import StringIO

    from django.core.management import call_command

    case = ConsultationFactory(subject="Reviu HPS konsultan")
    Entry.objects.all().delete()
    assert found(director, "reviu") == []
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert found(director, "reviu") == [case.pk]
    assert "1 rows indexed" in out.getvalue()


def test_a_dictionary_change_holds_at_once_without_reindexing(director):
    from knowledge import synonyms as synonym_store
    from knowledge.models import SynonymGroup

    case = ConsultationFactory(subject="Pekerjaan darurat bencana", description="Penanganan keadaan darurat")
    assert found(director, "zakra") == []
    SynonymGroup.objects.create(canonical="zakra", variants="keadaan darurat, darurat bencana")
    synonym_store.forget()
    assert found(director, "zakra") == [case.pk]
