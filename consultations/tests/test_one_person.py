"""One person across the four channels (issue 21; DESIGN.md 5b): the same e-mail address
(in any letter case) or the same phone number (typed any usual way) is the same person,
and the priority a breached case earns them follows them — into an account when they
verify the address or staff link a case, and into their next request through any door.

Maria Ulfa is the persona: she has an account with her address, and she also comes as
a guest, by letter and as the PIC of a meeting invitation."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from accounts.phones import PhoneField
from accounts.tests.conftest import link_in, signup_data
from accounts.tests.factories import ApplicantFactory, InternalUserFactory
from consultations.channels import Channel
from consultations.channels.daring import services as meetings
from consultations.channels.surat import services as letters
from consultations.channels.tatap_muka import services as walk_ins
from consultations.errors import NotAllowed
from consultations.models import Category, Consultation, EventType, PriorityCredit
from consultations.services import steps
from core.time import WIB
from files.checks import validate_letter_scan
from files.tests.builders import letter_scan

from .factories import ConsultationFactory, submit

# A Monday at 10:00 WIB: the front desk is open, nothing is a holiday.
MONDAY_10 = datetime(2026, 11, 2, 10, 0, tzinfo=WIB)
EMAIL = "maria.ulfa@contoh.go.id"
PHONE = "+6281234567890"  # 0812-3456-7890
ALL_ITEMS = ["email", "identity_document", "phone", "form"]
CHANNELS = [Channel.WEBSITE, Channel.SURAT, Channel.TATAP_MUKA, Channel.DARING]


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def maria(db):
    """Her account: the address verified, her mobile on the profile."""
    return ApplicantFactory(email=EMAIL, full_name="Maria Ulfa", profile__phone=PHONE)


def breach(channel: Channel, *, account=None, email: str = EMAIL, phone: str = PHONE) -> Consultation:
    """A case of ``channel`` for Maria whose deadline passed a minute ago, recorded by the
    real sweep (``manage.py sweep_deadlines``). On the website it is her account's; at
    the other doors she came as a contact (no account on the case)."""
    now = MONDAY_10
    case = ConsultationFactory(
        channel=channel,
        applicant=account if channel == Channel.WEBSITE else None,
        contact_name="Maria Ulfa",
        contact_email=email,
        contact_phone=phone,
        submitted_at=now - timedelta(days=3),
        clock_started_at=now - timedelta(days=3),
        due_at=now - timedelta(minutes=1),
    )
    call_command("sweep_deadlines", stdout=io.StringIO())
    case.refresh_from_db()
    assert case.breached_at is not None
    return case


def ask_again(channel: Channel, *, account, front_desk, email: str = "Maria.Ulfa@Contoh.go.id") -> Consultation:
    """Maria's next request through ``channel``'s real intake, with her address typed in
    another letter case where she types it herself."""
    if channel == Channel.WEBSITE:
        return submit(account)
    if channel == Channel.SURAT:
        return letters.register_letter(
            actor=front_desk, source="paper", addressee="direktur_pusat", sender_kind="person",
            sender_name="Maria Ulfa", institution_name="", letter_number="001/MU/XI/2026",
            letter_date=date(2026, 10, 30), subject="Permohonan pendapat tentang e-katalog", summary="",
            contact_email=email, contact_phone="", scan=validate_letter_scan(letter_scan()),
        )
    if channel == Channel.TATAP_MUKA:
        return walk_ins.register_visit(
            actor=front_desk, ticked=ALL_ITEMS, id_document_type="ktp", id_number_last4="1234",
            paper={
                "name": "Maria Ulfa", "email": email, "phone": PHONE,
                "institution_name": "Dinas PUPR Kota Kupang", "institution_type": "pemda",
                "category": Category.objects.get(code="perencanaan"), "question": "Bagaimana menyusun HPS?",
            },
        )
    return meetings.register_invitation(
        actor=front_desk, source="eoffice", addressee="direktur_pusat", sender_kind="institution",
        sender_name="Kepala Dinas", institution_name="Dinas PUPR Kota Kupang", letter_number="UND-9/2026",
        letter_date=date(2026, 10, 30), subject="Undangan rapat pembahasan HPS", scan=validate_letter_scan(letter_scan()),
        pic_name="Maria Ulfa", pic_phone="+6281211112222", pic_email=email,
        proposed_slots=[datetime(2026, 11, 4, 10, 0, tzinfo=WIB)], platform="Zoom", link="https://zoom.us/j/1",
    )


@pytest.mark.parametrize("next_channel", CHANNELS, ids=lambda c: f"then-{c.value}")
@pytest.mark.parametrize("breached_channel", CHANNELS, ids=lambda c: f"breach-{c.value}")
def test_a_breach_through_any_door_gives_priority_through_any_door(
    monday, maria, front_desk, breached_channel, next_channel
):
    late = breach(breached_channel, account=maria)
    credit = PriorityCredit.objects.get(granted_for=late)

    case = ask_again(next_channel, account=maria, front_desk=front_desk)

    credit.refresh_from_db()
    assert credit.used_by_id == case.pk, f"{breached_channel} -> {next_channel}: the credit was not used"
    case.refresh_from_db()
    assert case.is_priority
    # Exactly once: her request after that is an ordinary one.
    again = ask_again(next_channel, account=maria, front_desk=front_desk)
    again.refresh_from_db()
    assert not again.is_priority


def test_a_guest_known_only_by_phone_is_owed_at_the_next_visit_with_that_phone(monday, front_desk):
    late = breach(Channel.TATAP_MUKA, email="", phone="+6281399990000")
    credit = PriorityCredit.objects.get(granted_for=late)
    assert credit.applicant is None and credit.email_key == "" and credit.phone_key

    stranger = walk_ins.register_visit(
        actor=front_desk, ticked=ALL_ITEMS, id_document_type="ktp", id_number_last4="1234",
        paper={"name": "Orang Lain", "email": "lain@contoh.go.id", "phone": "+6281399990001",
               "institution_name": "CV Lain", "institution_type": "penyedia",
               "category": Category.objects.get(code="perencanaan"), "question": "Pertanyaan lain?"},
    )
    assert not stranger.is_priority
    # The same number typed the way people say it at the desk (the form's phone field
    # cleans it to E.164), with a new address.
    same = walk_ins.register_visit(
        actor=front_desk, ticked=ALL_ITEMS, id_document_type="ktp", id_number_last4="1234",
        paper={"name": "Maria Ulfa", "email": "maria.baru@contoh.go.id", "phone": PhoneField().clean("+62 813-9999-0000"),
               "institution_name": "Dinas PUPR Kota Kupang", "institution_type": "pemda",
               "category": Category.objects.get(code="perencanaan"), "question": "Bagaimana menyusun HPS?"},
    )
    credit.refresh_from_db()
    assert credit.used_by_id == same.pk and Consultation.objects.get(pk=same.pk).is_priority


def test_another_persons_request_never_takes_the_credit(monday, maria, applicant_b, front_desk):
    late = breach(Channel.SURAT)
    assert not submit(applicant_b).is_priority
    assert not ask_again(Channel.SURAT, account=None, front_desk=front_desk, email="orang.lain@contoh.go.id").is_priority
    assert PriorityCredit.objects.get(granted_for=late).used_by_id is None


# --- the credit moves to the account --------------------------------------------------------


def test_a_guests_credit_moves_to_her_account_when_she_signs_up_and_verifies(monday, client):
    """The issue's scenario: walk-in ADV-…-000009 (maria.ulfa@contoh.go.id) breaches as a
    guest; she signs up with that address and verifies it; the credit is on her new home
    page and her next website question is priority."""
    late = breach(Channel.TATAP_MUKA, email="Maria.Ulfa@contoh.go.id")
    credit = PriorityCredit.objects.get(granted_for=late)
    assert credit.applicant is None

    client.post(reverse("account_signup"), signup_data(email=EMAIL, full_name="Maria Ulfa"))
    credit.refresh_from_db()
    assert credit.applicant is None, "an address nobody has proven yet moves nothing"

    confirm = link_in(mail.outbox[-1].body, "/confirm-email/")
    assert client.post(confirm).status_code == 302
    credit.refresh_from_db()
    account = credit.applicant
    assert account is not None and account.email == EMAIL
    assert credit.moved_to_account_at == MONDAY_10 and credit.used_by_id is None

    client.force_login(account)
    home = client.get(reverse("accounts:home")).content.decode()
    assert "Anda memiliki 1 kredit prioritas" in home and late.number in home
    listing = client.get(reverse("consultations:list")).content.decode()
    assert late.number in listing and "Belum dipakai" in listing

    case = submit(account)
    assert case.is_priority
    credit.refresh_from_db()
    assert credit.used_by_id == case.pk
    home = client.get(reverse("accounts:home")).content.decode()
    assert "Anda memiliki" not in home  # used: the home page owes her nothing now


def test_a_verified_address_added_later_moves_the_credit_too(monday, maria):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    late = breach(Channel.SURAT, email="maria@kantor.go.id", phone="")
    address = EmailAddress.objects.create(user=maria, email="Maria@Kantor.go.id", verified=True, primary=False)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert PriorityCredit.objects.get(granted_for=late).applicant == maria


@pytest.fixture
def pusat_staff(db):
    from accounts.tests.factories import directorate

    return InternalUserFactory(email="staf.pusat@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat"))


def test_staff_link_a_guest_case_to_her_account_and_the_credit_follows(monday, maria, front_desk):
    late = breach(Channel.TATAP_MUKA, email="", phone=PHONE)  # she gave only her phone at the desk
    credit = PriorityCredit.objects.get(granted_for=late)

    linked = steps.link_account(consultation=late, email="MARIA.ULFA@contoh.go.id", actor=front_desk)

    assert linked.applicant == maria
    credit.refresh_from_db()
    assert credit.applicant == maria and credit.moved_to_account_at == MONDAY_10
    event = late.events.get(type=EventType.ACCOUNT_LINKED)
    assert event.actor == front_desk and event.data["matched_by"] == "phone" and event.data["credits_moved"] == 1
    assert Consultation.objects.filter(applicant=maria, pk=late.pk).exists()


def test_a_link_to_an_account_that_is_not_the_contact_is_refused(monday, maria, applicant_b, front_desk):
    late = breach(Channel.SURAT, email="orang.lain@contoh.go.id", phone="")
    with pytest.raises(ValidationError) as refused:
        steps.link_account(consultation=late, email=EMAIL, actor=front_desk)
    assert "tidak cocok" in refused.value.message_dict["email"][0]
    with pytest.raises(ValidationError) as unknown:
        steps.link_account(consultation=late, email="tidak.ada@contoh.go.id", actor=front_desk)
    assert "Tidak ada akun pemohon" in unknown.value.message_dict["email"][0]
    late.refresh_from_db()
    assert late.applicant is None


def test_only_desk_staff_link_and_only_a_case_without_an_account(monday, maria, front_desk, applicant_b, director_daerah):
    late = breach(Channel.SURAT)
    with pytest.raises(NotAllowed):
        steps.link_account(consultation=late, email=EMAIL, actor=applicant_b)
    with pytest.raises(NotAllowed):  # another directorate's case
        steps.link_account(consultation=late, email=EMAIL, actor=director_daerah)
    own = breach(Channel.WEBSITE, account=maria)
    with pytest.raises(NotAllowed):
        steps.link_account(consultation=own, email=EMAIL, actor=front_desk)


def test_the_case_page_links_an_account_and_keeps_a_refused_address(monday, maria, front_desk, client):
    late = breach(Channel.TATAP_MUKA, email="", phone=PHONE)
    client.force_login(front_desk)
    page = client.get(reverse("consultations:staff_detail", kwargs={"number": late.number}))
    assert "Tautkan ke akun pemohon" in page.content.decode()
    url = reverse("consultations:link_account", kwargs={"number": late.number})

    refused = client.post(url, {"akun-email": "tidak.ada@contoh.go.id"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Tidak ada akun pemohon aktif" in body and 'value="tidak.ada@contoh.go.id"' in body

    done = client.post(url, {"akun-email": EMAIL})
    assert done.status_code == 302
    late.refresh_from_db()
    assert late.applicant == maria
