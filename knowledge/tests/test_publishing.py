"""The editorial workflow's transitions: who may propose, edit, approve and withdraw, from
which state, and the redaction findings that block approval."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import InstitutionType, Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import Answer
from consultations.tests.factories import ConsultationFactory, set_institution_type, submit
from knowledge import fts, publishing
from knowledge.models import Article, Status
from knowledge.redaction import Kind

from .conftest import make_article
from .editorial import ANSWER, QUESTION, delivered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(applicant_a, director_pusat):
    return delivered_case(applicant_a, director_pusat)


@pytest.fixture
def proposal(case, staff):
    return publishing.propose(actor=staff, consultation=case)


def found(query: str) -> list[int]:
    return [hit.article.pk for hit in fts.search_articles(query)]


def clean_text(article: Article) -> dict:
    """The article's text with every finding replaced."""
    return {
        "title": "HPS dengan satu penyedia",
        "question": QUESTION.replace("Kami dari Kementerian Kesehatan menanyakan", "Kami menanyakan"),
        "answer": ANSWER.replace("Yth. Ibu Ayu Lestari,", "Yth. Pemohon,").replace(
            "ayu.lestari@kemkes.go.id", "[alamat e-mail]"
        ),
        "regulations": article.regulations,
    }


# --- propose -----------------------------------------------------------------------------


def test_staff_propose_a_delivered_answer_prefilled_from_the_case(case, staff):
    article = publishing.propose(actor=staff, consultation=case)
    assert article.status == Status.PROPOSED
    assert (article.title, article.question) == ("HPS dengan satu penyedia", QUESTION)
    assert article.answer == ANSWER
    assert article.kinds == ["saran", "pendapat"]  # the standard's order
    assert article.category == case.category
    assert article.source_consultation == case
    assert (article.proposed_by, article.published_at) == (staff, None)
    assert article.proposed_at is not None
    assert "Peraturan Presiden Nomor 16 Tahun 2018" in article.regulations
    assert "Peraturan Presiden Nomor 12 Tahun 2021" in article.regulations
    # indexed as imports are, but not public
    assert article.search_answer
    assert article.pk not in found("harga pasar setempat")
    assert article.pk in [h.article.pk for h in fts.search_articles("harga pasar setempat", published_only=False)]


@pytest.mark.parametrize("who", ["team_lead", "director_pusat"])
def test_leads_of_the_directorate_may_propose_too(case, who, request):
    assert publishing.propose(actor=request.getfixturevalue(who), consultation=case).status == Status.PROPOSED


@pytest.mark.parametrize(
    "who", ["applicant_a", "applicant_b", "front_desk", "director_daerah", "complaint_handler", "admin_user"]
)
def test_nobody_else_may_propose(case, who, request):
    with pytest.raises(NotAllowed):
        publishing.propose(actor=request.getfixturevalue(who), consultation=case)
    assert not Article.objects.exists()


def test_staff_of_another_directorate_may_not_propose(case):
    other = InternalUserFactory(email="pegawai.daerah@lkpp.go.id", role=Role.STAFF, directorate=directorate("daerah"))
    with pytest.raises(NotAllowed):
        publishing.propose(actor=other, consultation=case)


def test_an_undelivered_case_cannot_be_proposed(applicant_a, staff):
    case = submit(set_institution_type(applicant_a, InstitutionType.KL))
    assert case.directorate == staff.directorate
    with pytest.raises(InvalidTransition):
        publishing.propose(actor=staff, consultation=case)
    assert not Article.objects.exists()


def test_one_live_article_per_case(case, proposal, team_lead):
    with pytest.raises(ValidationError) as refused:
        publishing.propose(actor=team_lead, consultation=case)
    assert refused.value.code == "already_proposed"
    # and the database says so too, whoever writes
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            title="x", slug="x", question="q", answer="a", category=proposal.category,
            status=Status.PROPOSED, source_consultation=case,
        )


def test_a_withdrawn_proposal_may_be_proposed_again(case, proposal, staff, team_lead):
    publishing.withdraw(actor=team_lead, article=proposal)
    again = publishing.propose(actor=staff, consultation=case)
    assert again.pk != proposal.pk and again.slug != proposal.slug


def test_the_answer_is_the_last_correction(applicant_a, director_pusat, staff):
    from consultations.channels.website import answers

    case = delivered_case(applicant_a, director_pusat, answer="Jawaban pertama.")
    first = case.answers.get()
    answers.correct_answer(answer=first, author=director_pusat, kinds=["rekomendasi"], text="Jawaban yang dikoreksi.")
    article = publishing.propose(actor=staff, consultation=case)
    assert (article.answer, article.kinds) == ("Jawaban yang dikoreksi.", ["rekomendasi"])


# --- redaction ------------------------------------------------------------------------------


def test_the_findings_name_the_applicant_institution_and_email(proposal):
    found = {(item.field, item.flag.kind, item.flag.excerpt) for item in publishing.article_flags(proposal)}
    assert ("answer", Kind.NAME, "Ibu Ayu Lestari") in found
    assert ("answer", Kind.EMAIL, "ayu.lestari@kemkes.go.id") in found
    assert ("question", Kind.INSTITUTION, "Kementerian Kesehatan") in found
    assert not any(kind == Kind.LETTER_NUMBER for _, kind, _ in found)  # the regulations stay


def test_approval_is_refused_while_findings_remain(proposal, team_lead):
    with pytest.raises(ValidationError) as refused:
        publishing.approve(actor=team_lead, article=proposal)
    assert refused.value.code == "redaction_unresolved"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.published_at) == (Status.PROPOSED, None)


def test_replaced_findings_let_the_article_through(proposal, staff, director_pusat):
    article = publishing.edit(actor=staff, article=proposal, **clean_text(proposal))
    assert publishing.unresolved(article) == []
    published = publishing.approve(actor=director_pusat, article=article)
    assert published.status == Status.PUBLISHED
    assert (published.approved_by, published.approved_at) == (director_pusat, published.published_at)
    assert published.pk in found("harga pasar setempat HPS")


def test_each_finding_may_be_kept_by_the_editor(proposal, staff, team_lead):
    keys = [item.flag.key for item in publishing.article_flags(proposal)]
    article = publishing.edit(
        actor=staff, article=proposal, title=proposal.title, question=proposal.question,
        answer=proposal.answer, regulations=proposal.regulations, kept=keys[:-1] + ["name:nobody"],
    )
    assert "name:nobody" not in article.redaction_kept  # only keys found in the text
    assert len(publishing.unresolved(article)) == 1
    with pytest.raises(ValidationError):
        publishing.approve(actor=team_lead, article=article)
    article = publishing.edit(
        actor=staff, article=article, title=article.title, question=article.question,
        answer=article.answer, regulations=article.regulations, kept=keys,
    )
    assert publishing.approve(actor=team_lead, article=article).is_published


def test_edit_checks_its_text(proposal, staff):
    with pytest.raises(ValidationError) as refused:
        publishing.edit(actor=staff, article=proposal, title=" ", question="q", answer="a", regulations="")
    assert "title" in refused.value.message_dict


# --- who approves and withdraws -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "director_daerah", "front_desk", "admin_user", "applicant_a"])
def test_only_a_lead_of_the_directorate_approves(proposal, who, request, staff):
    article = publishing.edit(actor=staff, article=proposal, **clean_text(proposal))
    with pytest.raises(NotAllowed):
        publishing.approve(actor=request.getfixturevalue(who), article=article)


@pytest.mark.parametrize("who", ["staff", "director_daerah", "applicant_b"])
def test_others_may_not_edit_or_withdraw(proposal, who, request):
    user = request.getfixturevalue(who)
    if who != "staff":
        with pytest.raises(NotAllowed):
            publishing.edit(actor=user, article=proposal, **clean_text(proposal))
    with pytest.raises(NotAllowed):
        publishing.withdraw(actor=user, article=proposal)


def test_states(proposal, staff, team_lead):
    article = publishing.approve(
        actor=team_lead, article=publishing.edit(actor=staff, article=proposal, **clean_text(proposal))
    )
    with pytest.raises(InvalidTransition):
        publishing.approve(actor=team_lead, article=article)
    with pytest.raises(InvalidTransition):  # a published article is not edited in place
        publishing.edit(actor=staff, article=article, **clean_text(article))
    withdrawn = publishing.withdraw(actor=team_lead, article=article)
    assert (withdrawn.status, withdrawn.withdrawn_by) == (Status.WITHDRAWN, team_lead)
    assert article.pk not in found("harga pasar setempat HPS")
    with pytest.raises(InvalidTransition):
        publishing.withdraw(actor=team_lead, article=withdrawn)


def test_an_imported_article_is_withdrawn_by_a_director(director_daerah, team_lead):
    article = make_article("Impor", "Pertanyaan impor", "Jawaban impor")
    with pytest.raises(NotAllowed):
        publishing.withdraw(actor=team_lead, article=article)
    assert publishing.withdraw(actor=director_daerah, article=article).status == Status.WITHDRAWN


def test_a_case_without_category_gets_lainnya(applicant_a, staff):
    case = ConsultationFactory(applicant=applicant_a, category=None, status="delivered")

    case.completed_at, case.completed_on_time = timezone.now(), True
    case.save()
    Answer.objects.create(consultation=case, author=staff, kinds=["saran"], text="Saran kami.", sent_at=timezone.now())
    assert publishing.propose(actor=staff, consultation=case).category.code == "lainnya"


# A flush after a transactional test would empty the tables the migrations fill (directorates,
# categories) for the tests after it: serialized_rollback puts them back. Skipped before any
# fixture runs on SQLite, which serialises writers anyway.
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises writers; the race is PostgreSQL's (run with DATABASE_URL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_colleagues_proposing_at_once_make_one_article(applicant_a, director_pusat, staff, team_lead):
    import threading

    from django.db import connections

    case = delivered_case(applicant_a, director_pusat)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def propose(actor) -> None:
        try:
            barrier.wait(timeout=10)
            publishing.propose(actor=actor, consultation=case)
            outcomes.append("proposed")
        except ValidationError as refused:
            outcomes.append(refused.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose, args=(user,)) for user in (staff, team_lead)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already_proposed", "proposed"]
    assert Article.objects.filter(source_consultation=case).count() == 1


def test_a_meeting_case_is_proposed_with_its_approved_reports_advice(applicant_a, staff, team_lead):
    from datetime import date

    from consultations.channels import Channel
    from consultations.models import MeetingReport

    now = timezone.now()
    case = ConsultationFactory(
        applicant=applicant_a, channel=Channel.DARING, status="delivered", completed_at=now, completed_on_time=True
    )
    report = MeetingReport.objects.create(
        consultation=case, author=staff, held_on=date(2025, 3, 3), attendees_lkpp="Tim", attendees_applicant="PIC",
        problem="Masalah", discussion="Pembahasan", kinds=["rekomendasi"], advice="Rekomendasi kami.", written_at=now,
    )
    with pytest.raises(InvalidTransition):  # the report's not approved: nothing went out yet
        publishing.propose(actor=staff, consultation=case)
    report.approved_by, report.approved_at = team_lead, now
    report.save()
    article = publishing.propose(actor=staff, consultation=case)
    assert (article.answer, article.kinds) == ("Rekomendasi kami.", ["rekomendasi"])


def test_a_letter_case_is_proposed_with_its_issued_letters_approved_draft(holidays, front_desk, director_pusat):
    from consultations.channels.surat import answer_letters
    from consultations.tests.test_letters import approved, in_hand

    lead = InternalUserFactory(email="ketua.surat@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("pusat"))
    writer = InternalUserFactory(email="staf.surat@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat"))
    case = in_hand(front_desk, director_pusat, lead, writer)
    body = "Penyesuaian harga dapat dilakukan sesuai Peraturan Presiden Nomor 16 Tahun 2018 dan kontrak."
    approved(case, director_pusat, lead, writer, body=body)
    with pytest.raises(InvalidTransition):  # approved, not issued: nothing went out yet
        publishing.propose(actor=writer, consultation=case)
    answer_letters.issue_answer_letter(consultation=case, actor=director_pusat)
    article = publishing.propose(actor=writer, consultation=case)
    assert (article.answer, article.kinds) == (body, ["saran", "pendapat"])  # the standard's order
    assert "Peraturan Presiden Nomor 16 Tahun 2018" in article.regulations
    assert article.question == case.description.strip() and article.title == case.subject
