"""Deny by default, proven: every URL pattern, every persona, one explicit table.

A URL pattern missing from ``EXPECTED`` fails the test, so every new view must say here
what each persona gets. Outcomes:

- ``OK``: 200; ``LOGIN``: redirected to a sign-in page; ``AWAY``: redirected elsewhere;
- ``DENIED``: 403; ``GONE``: 404; ``POST_ONLY``: 405 on GET.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.checks import iter_patterns
from conftest import PERSONAS

OK, LOGIN, AWAY, DENIED, GONE, POST_ONLY = "OK", "LOGIN", "AWAY", "DENIED", "GONE", "POST_ONLY"

APPLICANTS = ("applicant_a", "applicant_b")
INTERNAL = (
    "front_desk", "director_pusat", "director_daerah", "director_hukum",
    "team_lead", "staff", "complaint_handler",
)


def expect(*, anonymous: str, applicant: str, internal: str, admin: str | None = None) -> dict[str, str]:
    table = {"anonymous": anonymous, "admin_user": admin or internal}
    table.update({p: applicant for p in APPLICANTS})
    table.update({p: internal for p in INTERNAL})
    return table


EVERYONE_OK = expect(anonymous=OK, applicant=OK, internal=OK)
SIGNED_IN_OK = expect(anonymous=LOGIN, applicant=OK, internal=OK)
ANONYMOUS_ONLY = expect(anonymous=OK, applicant=AWAY, internal=AWAY)
ADMIN_ONLY = expect(anonymous=LOGIN, applicant=LOGIN, internal=LOGIN, admin=OK)


def workspace(internal: str) -> dict[str, str]:
    """The staff workspace: case workers, front desk and admin; not complaint handlers."""
    return {**expect(anonymous=LOGIN, applicant=DENIED, internal=internal), "complaint_handler": DENIED}

def dashboard(outcome: str) -> dict[str, str]:
    """The SLA dashboard: directors (their directorate) and the admin; nobody else."""
    table = expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED, admin=outcome)
    table.update({p: outcome for p in ("director_pusat", "director_daerah", "director_hukum")})
    return table


def leads(outcome: str) -> dict[str, str]:
    """A directorate's answer templates: its Director and team leads keep them; nobody else."""
    table = expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED, admin=DENIED)
    table.update({p: outcome for p in ("director_pusat", "director_daerah", "director_hukum", "team_lead")})
    return table


def complaint_desk(outcome: str, *, handlers_only: bool = False) -> dict[str, str]:
    """The complaints desk: its handlers and the directors read (their directorate), the
    admin all; the steps are the handlers' alone."""
    table = expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED, admin=DENIED if handlers_only else outcome)
    table["complaint_handler"] = outcome
    if not handlers_only:
        table.update({p: outcome for p in ("director_pusat", "director_daerah", "director_hukum")})
    return table


EXPECTED: dict[str, dict[str, str]] = {
    # public pages
    "pages:home": EVERYONE_OK,
    "pages:standard": EVERYONE_OK,
    "set_language": expect(anonymous=POST_ONLY, applicant=POST_ONLY, internal=POST_ONLY),
    "sitemap": EVERYONE_OK,
    # the public knowledge base: an unknown (or unpublished) article is a 404; the vote is a POST
    "knowledge:index": EVERYONE_OK,
    "knowledge:article": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    "knowledge:vote": expect(anonymous=POST_ONLY, applicant=POST_ONLY, internal=POST_ONLY),
    # suggestions under the question forms: an HTML fragment for anybody (empty without ?q=)
    "knowledge:similar": EVERYONE_OK,
    # staff search: everyone who opens case pages or the complaints desk (results: what each may open)
    "search:cases": expect(anonymous=LOGIN, applicant=DENIED, internal=OK),
    # the case page's similar answered cases (its list, loaded after the page): as the case page
    "search:similar_cases": workspace(GONE),
    # the editorial desk: a directorate's case workers propose and edit (an article of
    # another directorate, or none, is a 404); its team leads and Director approve, withdraw
    "knowledge:propose": {**leads(POST_ONLY), "staff": POST_ONLY},
    "knowledge:proposals": {**leads(OK), "staff": OK},
    "knowledge:editor": {**leads(GONE), "staff": GONE},
    "knowledge:approve": leads(POST_ONLY),
    "knowledge:withdraw": leads(POST_ONLY),
    # accounts
    "accounts:home": SIGNED_IN_OK,
    "accounts:profile": SIGNED_IN_OK,
    "accounts:profile_edit": expect(anonymous=LOGIN, applicant=OK, internal=DENIED),
    # a director's choice of deadline e-mails (per case, or a daily digest)
    "accounts:notification_settings": {
        **expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED),
        **{p: OK for p in ("director_pusat", "director_daerah", "director_hukum")},
    },
    # a staff page's "its user is typing" (js/session-activity.js), POST only
    "accounts:session_activity": expect(anonymous=LOGIN, applicant=DENIED, internal=POST_ONLY),
    "admin_login": expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED, admin=AWAY),
    # django-allauth (delegated: its views enforce their own rules; this pins them down)
    "account_login": ANONYMOUS_ONLY,
    "account_signup": ANONYMOUS_ONLY,
    "account_logout": expect(anonymous=AWAY, applicant=OK, internal=OK),
    "account_inactive": EVERYONE_OK,
    "account_reauthenticate": SIGNED_IN_OK,
    "account_email": SIGNED_IN_OK,
    "account_email_verification_sent": EVERYONE_OK,
    "account_change_password": SIGNED_IN_OK,
    "account_set_password": expect(anonymous=LOGIN, applicant=AWAY, internal=AWAY),
    "account_reset_password": EVERYONE_OK,
    "account_reset_password_done": EVERYONE_OK,
    "account_reset_password_from_key": EVERYONE_OK,
    "account_reset_password_from_key_done": EVERYONE_OK,
    "account_confirm_email": EVERYONE_OK,
    "account_confirm_login_code": expect(anonymous=LOGIN, applicant=AWAY, internal=AWAY),
    # allauth's two-factor pages (docs/decisions/0011). The personas' staff have an
    # authenticator app (the factories enrol them), applicants none; a page that changes
    # the second factor first asks to confirm access (AWAY to re-authentication).
    "mfa_index": SIGNED_IN_OK,
    "mfa_authenticate": expect(anonymous=LOGIN, applicant=AWAY, internal=AWAY),
    "mfa_reauthenticate": expect(anonymous=LOGIN, applicant=AWAY, internal=OK),
    "mfa_activate_totp": expect(anonymous=LOGIN, applicant=AWAY, internal=AWAY),
    "mfa_deactivate_totp": expect(anonymous=LOGIN, applicant=GONE, internal=AWAY),
    "mfa_view_recovery_codes": expect(anonymous=LOGIN, applicant=GONE, internal=AWAY),
    "mfa_generate_recovery_codes": expect(anonymous=LOGIN, applicant=AWAY, internal=AWAY),
    "mfa_download_recovery_codes": expect(anonymous=LOGIN, applicant=GONE, internal=AWAY),
    # consultations: the applicant's pages (a case nobody has is a 404 for applicants)
    "consultations:list": expect(anonymous=LOGIN, applicant=OK, internal=DENIED),
    "consultations:submit": expect(anonymous=LOGIN, applicant=OK, internal=DENIED),
    "consultations:detail": expect(anonymous=LOGIN, applicant=GONE, internal=DENIED),
    "consultations:message": expect(anonymous=LOGIN, applicant=POST_ONLY, internal=DENIED),
    # downloads: every signed-in user may ask, the file's case decides (404 otherwise)
    "consultations:attachment": expect(anonymous=LOGIN, applicant=GONE, internal=GONE),
    # the staff workspace: a queue for case workers, read-only for front desk and admin;
    # complaint handlers follow up complaints, not cases (docs/decisions/0003)
    "consultations:queue": workspace(OK),
    "consultations:staff_detail": workspace(GONE),
    "consultations:assign": workspace(POST_ONLY),
    "consultations:claim": workspace(POST_ONLY),
    "consultations:reroute": workspace(POST_ONLY),
    "consultations:note": workspace(POST_ONLY),
    "consultations:link_account": workspace(POST_ONLY),
    "consultations:staff_message": workspace(POST_ONLY),
    "consultations:answer": workspace(POST_ONLY),
    "consultations:correct_answer": workspace(POST_ONLY),
    # answer templates: kept by a directorate's leads (another directorate's is a 404);
    # inserted into a draft from the case page
    "consultations:answer_templates": leads(OK),
    "consultations:answer_template_new": leads(OK),
    "consultations:answer_template_edit": leads(GONE),
    "consultations:answer_template_deactivate": leads(POST_ONLY),
    "consultations:answer_template_reactivate": leads(POST_ONLY),
    "consultations:answer_template_insert": workspace(POST_ONLY),
    # the letter channel: the applicant's upload and the answer letter (their own case's,
    # or a case the staff member sees: 404 otherwise)
    "consultations:letter_upload": expect(anonymous=LOGIN, applicant=OK, internal=DENIED),
    "consultations:answer_letter": {
        **expect(anonymous=LOGIN, applicant=GONE, internal=GONE), "complaint_handler": DENIED
    },
    # public: a sender's tracking link and the verification of a printed letter; a
    # wrong token or code is a 404 for everybody
    "consultations:track": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    "consultations:track_answer_letter": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    "consultations:verify_letter": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    # the letter desk: the secretariat, directors, team leads and the admin
    "consultations:letter_desk": {
        **expect(anonymous=LOGIN, applicant=DENIED, internal=OK), "staff": DENIED, "complaint_handler": DENIED
    },
    "consultations:letter_register": {
        **expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED), "front_desk": OK
    },
    "consultations:letter_check": workspace(POST_ONLY),
    "consultations:letter_receive": workspace(POST_ONLY),
    "consultations:letter_dispose": workspace(POST_ONLY),
    "consultations:letter_draft": workspace(POST_ONLY),
    "consultations:letter_review": workspace(POST_ONLY),
    "consultations:letter_issue": workspace(POST_ONLY),
    "consultations:disposition_sheet": workspace(GONE),
    # the walk-in channel: the form beforehand is public; a code nobody has is a 404
    "consultations:visit_form": EVERYONE_OK,
    "consultations:visit_done": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    "consultations:visit_qr": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    # the desk: the secretariat registers; the board for the secretariat, directors,
    # team leads and staff (their own guests) and the admin
    "consultations:walk_in_board": {**workspace(OK)},
    "consultations:visit_register": {**expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED), "front_desk": OK},
    "consultations:visit_register_paper": {
        **expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED), "front_desk": OK
    },
    "consultations:visit_register_form": {
        **expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED), "front_desk": GONE
    },
    "consultations:visit_receipt": workspace(GONE),
    "consultations:visit_hand_off": workspace(POST_ONLY),
    "consultations:visit_accept": workspace(POST_ONLY),
    "consultations:visit_more_time": workspace(POST_ONLY),
    "consultations:visit_advice": workspace(POST_ONLY),
    # the online-meeting channel: the invitation's upload and registration, the steps on
    # a meeting, the report's PDF (the applicant's own, or a case the staff member sees)
    "consultations:invitation_upload": expect(anonymous=LOGIN, applicant=OK, internal=DENIED),
    "consultations:invitation_register": {
        **expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED), "front_desk": OK
    },
    "consultations:meeting_report": {
        **expect(anonymous=LOGIN, applicant=GONE, internal=GONE), "complaint_handler": DENIED
    },
    "consultations:meeting_pic_message": workspace(POST_ONLY),
    "consultations:meeting_confirm": workspace(POST_ONLY),
    "consultations:meeting_reschedule": workspace(POST_ONLY),
    "consultations:meeting_cancel": workspace(POST_ONLY),
    "consultations:meeting_report_write": workspace(POST_ONLY),
    "consultations:meeting_report_approve": workspace(POST_ONLY),
    # the satisfaction survey: opened by its single-use link only; a wrong one is a 404
    "surveys:answer": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    "surveys:for_case": expect(anonymous=LOGIN, applicant=GONE, internal=DENIED),  # or from their own case page
    # the IKM report, like the SLA dashboard: directors (their directorate) and the admin
    "surveys:report": dashboard(OK),
    "surveys:report_csv": dashboard(OK),
    "surveys:report_xlsx": dashboard(OK),
    # the complaints desk: a public form and tracking by code (an unknown code is a 404);
    # the code is shown once (a second look goes to the tracking form)
    "pages:complaints": EVERYONE_OK,
    "complaints:file": EVERYONE_OK,
    "complaints:filed": expect(anonymous=AWAY, applicant=AWAY, internal=AWAY),
    "complaints:lookup": EVERYONE_OK,
    "complaints:track": expect(anonymous=GONE, applicant=GONE, internal=GONE),
    "complaints:mine": expect(anonymous=LOGIN, applicant=OK, internal=DENIED),
    "complaints:own": expect(anonymous=LOGIN, applicant=GONE, internal=DENIED),  # their own only
    "complaints:queue": complaint_desk(OK),
    "complaints:log": {**expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED, admin=OK),
                       "front_desk": OK, "complaint_handler": OK},
    "complaints:detail": complaint_desk(GONE),
    "complaints:scan": complaint_desk(GONE),
    "complaints:take": complaint_desk(POST_ONLY, handlers_only=True),
    "complaints:ask": complaint_desk(POST_ONLY, handlers_only=True),
    "complaints:close": complaint_desk(POST_ONLY, handlers_only=True),
    "complaints:reroute": complaint_desk(POST_ONLY, handlers_only=True),
    # notices: everybody's own list; somebody else's (or no) notice is a 404
    "notifications:list": SIGNED_IN_OK,
    "notifications:open": expect(anonymous=LOGIN, applicant=GONE, internal=GONE),
    "notifications:read_all": expect(anonymous=LOGIN, applicant=POST_ONLY, internal=POST_ONLY),
    # the SLA dashboard and its exports (a file download answers 200 too)
    "consultations:dashboard": dashboard(OK),
    "consultations:dashboard_csv": dashboard(OK),
    "consultations:dashboard_xlsx": dashboard(OK),
}
# Every page of the Django admin: nobody but the admin role gets in. What the admin
# persona gets depends on the page (a list, a missing object, an add refused by the
# ModelAdmin); any of those is fine, a server error is not.
ADMIN_PERSONA_ACCEPTS = {OK, AWAY, DENIED, GONE, POST_ONLY}
ADMIN_EXPECTED = ADMIN_ONLY
ADMIN_EXCEPTIONS = {
    # Logging out of the admin when not an admin just sends you away.
    "admin:logout": expect(anonymous=AWAY, applicant=AWAY, internal=AWAY, admin=POST_ONLY),
    # Shadowed by our admin_login (the site's own sign-in page replaces the admin's).
    "admin:login": expect(anonymous=LOGIN, applicant=DENIED, internal=DENIED, admin=AWAY),
}

# Sample values for URL parameters, by name.
SAMPLE_KWARGS = {
    "key": "kunci-tidak-sah",
    "id": "999999",
    "uidb36": "zz",
    "object_id": "999999",
    "app_label": "auth",
    "content_type_id": "1",
    "url": "tidak-ada",
    "number": "ADV-2099-999999",
    "pk": "999999",
    "answer": "999999",
    "draft": "999999",
    "token": "token-yang-tidak-ada",
    "code": "0000-0000-0000",
    "slug": "tidak-ada",
}


def _url(route: str, name: str, pattern) -> str:
    kwargs = {key: SAMPLE_KWARGS[key] for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def _outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response.headers["Location"]
        login_paths = (reverse("account_login"), reverse("admin_login"))
        return LOGIN if location.split("?")[0].endswith(login_paths) else AWAY
    return {200: OK, 403: DENIED, 404: GONE, 405: POST_ONLY}.get(response.status_code, str(response.status_code))


def _all_patterns():
    for route, name, pattern in iter_patterns():
        if not name:
            continue
        yield route, name, pattern


def test_every_named_url_is_in_the_table():
    names = {name for _, name, _ in _all_patterns()}
    missing = sorted(n for n in names if n not in EXPECTED and not n.startswith("admin:"))
    assert not missing, f"URL patterns without expected outcomes: {missing}"
    stale = sorted(n for n in EXPECTED if n not in names)
    assert not stale, f"table entries without a URL pattern: {stale}"


def test_every_url_pattern_is_named():
    # The admin's unnamed patterns are its old-URL redirects and catch-all; they lead to
    # the same admin views walked below.
    unnamed = [route for route, name, _ in iter_patterns() if not name and not route.startswith("admin/")]
    assert not unnamed, f"unnamed URL patterns cannot be walked: {unnamed}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_walk_every_url_as_every_persona(persona, request):
    persona_name = request.node.callspec.params["persona"]
    client = Client()
    if persona is not None:
        client.force_login(persona, backend="allauth.account.auth_backends.AuthenticationBackend")
    mismatches = []
    for route, name, pattern in _all_patterns():
        if name in ADMIN_EXCEPTIONS:
            wanted = ADMIN_EXCEPTIONS[name][persona_name]
        elif name.startswith("admin:"):
            wanted = ADMIN_EXPECTED[persona_name]
        else:
            wanted = EXPECTED.get(name, {}).get(persona_name, "missing")
        url = _url(route, name, pattern)
        got = _outcome(client.get(url))
        if name.startswith("admin:") and name not in ADMIN_EXCEPTIONS and persona_name == "admin_user":
            if got not in ADMIN_PERSONA_ACCEPTS:
                mismatches.append(f"{name} {url}: admin got {got}")
        elif got != wanted:
            mismatches.append(f"{name} {url}: expected {wanted}, got {got}")
    assert not mismatches, f"{persona_name}:\n" + "\n".join(mismatches)
