"""The editorial desk's pages: the case page's button, the editor with its findings, the
queue of proposals, approve and withdraw — and who sees which article (404 otherwise)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from knowledge import publishing
from knowledge.models import Article, Status

from .editorial import ANSWER, delivered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(applicant_a, director_pusat):
    return delivered_case(applicant_a, director_pusat)


@pytest.fixture
def proposal(case, staff):
    return publishing.propose(actor=staff, consultation=case)


def editor_url(article):
    return reverse("knowledge:editor", kwargs={"pk": article.pk})


def case_page(client, case):
    return client.get(reverse("consultations:staff_detail", kwargs={"number": case.number})).content.decode()


def test_the_case_page_offers_the_proposal_to_staff_of_the_directorate(login, case, staff):
    page = case_page(login(staff), case)
    assert "Usulkan untuk basis pengetahuan" in page
    assert reverse("knowledge:propose", kwargs={"number": case.number}) in page


def test_the_buttons_token_is_accepted_by_the_csrf_check(case, staff):
    """The card is written without the request's context processors: its form carries the
    token it is given, which a client that enforces the CSRF check sends back."""
    import re

    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    card = case_page(client, case).split('id="basis-pengetahuan"', 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
    url = reverse("knowledge:propose", kwargs={"number": case.number})
    assert client.post(url).status_code == 403  # without the token: refused
    response = client.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response.url == editor_url(Article.objects.get())


@pytest.mark.parametrize("who", ["front_desk", "admin_user"])
def test_readers_of_every_case_get_no_button(login, case, who, request):
    assert "Usulkan untuk basis pengetahuan" not in case_page(login(request.getfixturevalue(who)), case)


def test_no_button_before_the_answer(login, applicant_a, staff):
    from accounts.models import InstitutionType
    from consultations.tests.factories import set_institution_type, submit

    case = submit(set_institution_type(applicant_a, InstitutionType.KL))
    assert "Usulkan untuk basis pengetahuan" not in case_page(login(staff), case)


def test_propose_opens_the_editor_with_the_findings_marked(login, case, staff):
    client = login(staff)
    response = client.post(reverse("knowledge:propose", kwargs={"number": case.number}))
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == editor_url(article)
    page = client.get(editor_url(article)).content.decode()
    assert '<mark class="redaction-flag" data-kind="email"' in page
    assert "ayu.lestari@kemkes.go.id" in page
    assert "belum dapat disetujui" in page
    # the case page now links the proposal instead of offering another
    assert "Buka artikel" in case_page(client, case)


def test_propose_twice_is_a_message(login, case, proposal, staff):
    response = login(staff).post(reverse("knowledge:propose", kwargs={"number": case.number}), follow=True)
    assert "sudah diusulkan" in response.content.decode()
    assert Article.objects.count() == 1


def test_another_directorates_case_is_a_404(login, case, director_daerah):
    response = login(director_daerah).post(reverse("knowledge:propose", kwargs={"number": case.number}))
    assert response.status_code == 404


def edit_data(article, **extra):
    data = {
        "title": article.title,
        "question": article.question,
        "answer": article.answer,
        "regulations": article.regulations,
        "category": article.category_id,
    }
    for n, item in enumerate(publishing.article_flags(article)):
        data[f"kunci_{n}"] = item.flag.key
        data[f"ganti_{n}"] = ""
    data.update(extra)
    return data


def test_the_editor_replaces_and_keeps_findings(login, proposal, staff, team_lead):
    findings = publishing.article_flags(proposal)
    data = edit_data(proposal)
    for n, item in enumerate(findings):
        if item.flag.excerpt == "ayu.lestari@kemkes.go.id":
            data[f"ganti_{n}"] = "[alamat e-mail]"
        else:
            data[f"biarkan_{n}"] = "on"
    response = login(staff).post(editor_url(proposal), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert "ayu.lestari@kemkes.go.id" not in proposal.answer and "[alamat e-mail]" in proposal.answer
    assert publishing.unresolved(proposal) == []
    # the lead approves from the queue
    client = login(team_lead)
    assert "Setujui" in client.get(reverse("knowledge:proposals")).content.decode()
    response = client.post(reverse("knowledge:approve", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED and proposal.published_at is not None


def test_a_row_about_another_text_is_not_applied(login, proposal, staff):
    data = edit_data(proposal)
    data["kunci_0"] = "email:lain@contoh.go.id"
    data["biarkan_0"] = "on"
    login(staff).post(editor_url(proposal), data)
    proposal.refresh_from_db()
    assert proposal.redaction_kept == []


def test_an_empty_title_is_a_form_error(login, proposal, staff):
    response = login(staff).post(editor_url(proposal), edit_data(proposal, title=""))
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.answer == ANSWER


def test_approval_with_open_findings_goes_back_to_the_editor(login, proposal, director_pusat):
    response = login(director_pusat).post(reverse("knowledge:approve", kwargs={"pk": proposal.pk}), follow=True)
    assert "temuan penyamaran" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.PROPOSED


def test_staff_may_not_approve(login, proposal, staff):
    assert login(staff).post(reverse("knowledge:approve", kwargs={"pk": proposal.pk})).status_code == 403


def test_withdraw(login, proposal, team_lead):
    response = login(team_lead).post(reverse("knowledge:withdraw", kwargs={"pk": proposal.pk}))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN and proposal.withdrawn_by == team_lead


@pytest.mark.parametrize("who", ["director_daerah", "director_hukum"])
def test_another_directorates_article_is_a_404(login, proposal, who, request):
    client = login(request.getfixturevalue(who))
    assert client.get(editor_url(proposal)).status_code == 404
    assert client.post(reverse("knowledge:approve", kwargs={"pk": proposal.pk})).status_code == 404
    assert client.post(reverse("knowledge:withdraw", kwargs={"pk": proposal.pk})).status_code == 404
    assert proposal.title not in client.get(reverse("knowledge:proposals")).content.decode()


def test_the_queue_shows_the_directorates_proposals(login, proposal, staff):
    other = InternalUserFactory(email="pegawai.d@lkpp.go.id", role=Role.STAFF, directorate=directorate("daerah"))
    assert proposal.title in login(staff).get(reverse("knowledge:proposals")).content.decode()
    assert proposal.title not in login(other).get(reverse("knowledge:proposals")).content.decode()


def test_a_published_article_is_read_only_in_the_editor(login, proposal, staff, team_lead):
    keys = [item.flag.key for item in publishing.article_flags(proposal)]
    article = publishing.edit(
        actor=staff, article=proposal, title=proposal.title, question=proposal.question,
        answer=proposal.answer, regulations=proposal.regulations, kept=keys,
    )
    publishing.approve(actor=team_lead, article=article)
    client = login(staff)
    page = client.get(editor_url(article)).content.decode()
    assert "tidak dapat disunting" in page
    client.post(editor_url(article), edit_data(article, title="Diubah"))
    article.refresh_from_db()
    assert article.title != "Diubah"


def test_the_marked_text_is_escaped_and_keeps_its_lines(login, applicant_a, director_pusat, staff):
    case = delivered_case(applicant_a, director_pusat, answer="<script>alert(1)</script>\nHubungi budi@contoh.go.id")
    article = publishing.propose(actor=staff, consultation=case)
    page = login(staff).get(editor_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Hubungi <mark" in page
