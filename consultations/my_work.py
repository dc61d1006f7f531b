"""Each staff role's work on its home page (``core.panels.HOME``): what waits for this
person, with counts, the deadline state and a link to the case, soonest first.

- Director: letters and invitations waiting for receipt; answer drafts and meeting
  reports waiting for approval; the directorate's cases at risk or late.
- Team lead: letters and invitations disposed to them, to pass on; drafts and reports
  waiting for review; the directorate's cases at risk or late.
- Staff: their cases by deadline; walk-in guests handed to them; drafts returned to them.
- Secretariat: letters and invitations to check; walk-in guests waiting; today's visits.

Every list starts from ``selectors.visible_cases``: nobody is shown a case they cannot
open. A handful of queries per home, whatever the lists hold: one aggregate for the
counts of the case lists, one query per list (few rows each), and the letter drafts'
latest versions with their verdicts in two. The draft's state is the letter desk's one
rule (``drafting.draft_state``), applied in Python to the few versions in flight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.time import WIB
from workdays.deadlines import DeadlineState, wib_date

from .channels import Channel
from .channels.surat.drafting import DraftState, draft_state
from .models import AnswerDraft, Consultation, DraftReview, MeetingReport, ReviewDecision
from .selectors import visible_cases
from .workflow import IN_HAND_STATUSES, Status

# The most rows a list shows; its count says how many there are in all, and its link
# leads to the desk that has them all.
ROWS = 10

LETTER_CHANNELS = [Channel.SURAT.value, Channel.DARING.value]
IN_HAND = [s.value for s in IN_HAND_STATUSES]


@dataclass
class Item:
    """One row: a case, what is asked of the person (``note``), and where to do it."""

    case: Consultation
    note: str = ""
    # The moment the row is about when it has no running clock of its own: a letter's
    # registration, a report's writing, a guest's arrival.
    at: datetime | None = None
    # Whether the row shows the case's deadline; a meeting report is written after the
    # clock stopped (at the confirmation): its row shows when it was written instead.
    shows_deadline: bool = True


@dataclass
class Section:
    key: str  # the list's anchor and test hook
    title: str
    items: list[Item]
    count: int
    desk_url: str = ""
    desk_label: str = ""
    # Counts beside the title (``(label, n, css)``): at risk and late.
    states: list[tuple[str, int, str]] = field(default_factory=list)


def _soonest(items: list[Item]) -> list[Item]:
    """Priority first (the compensation: SPEC), then the nearest deadline; rows without
    a running clock by their own moment, oldest first, after those with one."""
    far = datetime.max.replace(tzinfo=WIB)

    def key(item: Item):
        case = item.case
        running = case.completed_at is None and case.due_at is not None
        return (not case.is_priority, not running, case.due_at if running else (item.at or far), case.pk)

    return sorted(items, key=key)


def _order(cases: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return cases.order_by("-is_priority", F("due_at").asc(nulls_last=True), "submitted_at", "id")


def _rows(cases: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return cases.select_related("assignee", "directorate")


def _urgent_q(now: datetime) -> tuple[Q, Q]:
    """Running clocks at risk, and running clocks late, at ``now``."""
    running = Q(clock_started_at__isnull=False, completed_at__isnull=True)
    return (
        running & Consultation.deadline_state_q(DeadlineState.AT_RISK, now),
        running & Consultation.deadline_state_q(DeadlineState.LATE, now),
    )


def _state_counts(at_risk: int, late: int) -> list[tuple[str, int, str]]:
    return [
        (str(DeadlineState.AT_RISK.label), at_risk, "text-bg-warning"),
        (str(DeadlineState.LATE.label), late, "text-bg-danger"),
    ]


def _queue_url(**query: str) -> str:
    url = reverse("consultations:queue")
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


# --- letter drafts and meeting reports -----------------------------------------------------


def latest_drafts(cases: QuerySet[Consultation]) -> list[AnswerDraft]:
    """The latest version of the answer of every letter in hand among ``cases``, with
    its author, its case and its verdicts (with their reviewers): two queries."""
    latest = AnswerDraft.objects.filter(consultation=OuterRef("consultation")).order_by("-version").values("pk")[:1]
    letters = cases.filter(channel=Channel.SURAT, status=Status.ASSIGNED)
    return list(
        AnswerDraft.objects.filter(consultation__in=letters.values("pk"), pk=Subquery(latest))
        .select_related("author", "consultation", "consultation__assignee", "consultation__directorate")
        .prefetch_related(Prefetch("reviews", queryset=DraftReview.objects.select_related("reviewer")))
    )


def _draft_items(drafts: list[AnswerDraft], states: dict[str, str]) -> list[Item]:
    """The drafts whose state is among ``states`` (state -> what the row says)."""
    items = []
    for draft in drafts:
        state = draft_state(draft)
        if state in states:
            note = states[state] % {"version": draft.version, "author": draft.author.full_name}
            if state == DraftState.RETURNED:
                returned = next((r for r in draft.reviews.all() if r.decision == ReviewDecision.RETURN), None)
                if returned is not None and returned.notes:
                    note = f"{note} — {returned.notes}"
            items.append(Item(draft.consultation, note, at=draft.created_at))
    return _soonest(items)


def reports_to_approve(cases: QuerySet[Consultation], *, user: User) -> list[Item]:
    """The meeting reports written and not approved yet among ``cases`` that ``user``
    may approve (a team lead does not approve their own), oldest written first."""
    reports = MeetingReport.objects.filter(
        consultation__in=cases.values("pk"), approved_at__isnull=True, consultation__status=Status.DELIVERED
    ).select_related("author", "consultation", "consultation__assignee", "consultation__directorate")
    if user.role != Role.DIRECTOR:
        reports = reports.exclude(author=user)
    return [
        Item(
            report.consultation,
            _("Laporan rapat %(day)s oleh %(author)s") % {
                "day": date_format(report.held_on, "j F Y"), "author": report.author.full_name
            },
            at=report.written_at,
            shows_deadline=False,
        )
        for report in reports.order_by("written_at", "consultation_id")
    ]


# --- each role's lists ---------------------------------------------------------------------


def _urgent_section(cases: QuerySet[Consultation], counts: dict, now: datetime, title: str) -> Section:
    at_risk, late = _urgent_q(now)
    rows = list(_rows(_order(cases.filter(at_risk | late)))[:ROWS])
    return Section(
        "berisiko", title, [Item(case) for case in rows], counts["at_risk"] + counts["late"],
        desk_url=_queue_url(), desk_label=_("Antrean Konsultasi"),
        states=_state_counts(counts["at_risk"], counts["late"]),
    )


def _reviews_section(key: str, title: str, drafts: list[Item], reports: list[Item]) -> Section:
    items = _soonest([*drafts, *reports])
    return Section(key, title, items[:ROWS], len(items), reverse("consultations:letter_desk"), _("Meja Surat"))


def director_work(user: User, *, now: datetime) -> list[Section]:
    cases = visible_cases(user)
    at_risk, late = _urgent_q(now)
    waiting = Q(channel__in=LETTER_CHANNELS, status=Status.REGISTERED, letter__checked_at__isnull=False)
    counts = cases.aggregate(
        receipt=Count("pk", filter=waiting), at_risk=Count("pk", filter=at_risk), late=Count("pk", filter=late)
    )
    receipt = _rows(cases.filter(waiting).select_related("letter")).order_by("-is_priority", "letter__checked_at", "id")
    drafts = _draft_items(latest_drafts(cases), {
        DraftState.AWAITING_DIRECTOR: _("Konsep versi %(version)s oleh %(author)s menunggu persetujuan Anda"),
        DraftState.APPROVED: _("Konsep versi %(version)s telah disetujui; terbitkan surat jawabannya"),
    })
    desk = reverse("consultations:letter_desk")
    return [
        Section(
            "terima", _("Surat dan undangan menunggu diterima"),
            [Item(case, at=case.letter.checked_at) for case in receipt[:ROWS]], counts["receipt"],
            f"{desk}#terima", _("Meja Surat"),
        ),
        _reviews_section(
            "persetujuan", _("Jawaban dan laporan rapat menunggu persetujuan"), drafts,
            reports_to_approve(cases, user=user),
        ),
        _urgent_section(cases, counts, now, _("Konsultasi direktorat yang berisiko atau terlambat")),
    ]


def team_lead_work(user: User, *, now: datetime) -> list[Section]:
    cases = visible_cases(user)
    at_risk, late = _urgent_q(now)
    # Disposed to the team lead and not passed on (a disposition onward makes another the
    # assignee), nor answered by them yet (no draft, no meeting set).
    # (Subqueries, not joins: a join over the drafts would count a case once per version.)
    to_distribute = (
        Q(channel__in=LETTER_CHANNELS, status=Status.ASSIGNED, assignee=user, meeting__isnull=True)
        & ~Exists(AnswerDraft.objects.filter(consultation=OuterRef("pk")))
    )
    counts = cases.aggregate(
        distribute=Count("pk", filter=to_distribute), at_risk=Count("pk", filter=at_risk), late=Count("pk", filter=late)
    )
    distribute = _rows(_order(cases.filter(to_distribute)))[:ROWS]
    drafts = latest_drafts(cases)
    review = _draft_items(drafts, {
        DraftState.AWAITING_LEAD: _("Konsep versi %(version)s oleh %(author)s menunggu telaah Anda"),
    })
    desk = reverse("consultations:letter_desk")
    sections = [
        Section(
            "disposisi", _("Disposisi untuk diteruskan"),
            [Item(case, _("Teruskan kepada anggota tim atau tangani sendiri")) for case in distribute],
            counts["distribute"], f"{desk}#ditangani", _("Meja Surat"),
        ),
        _reviews_section(
            "telaah", _("Konsep dan laporan rapat menunggu telaah"), review, reports_to_approve(cases, user=user)
        ),
        _urgent_section(cases, counts, now, _("Konsultasi tim yang berisiko atau terlambat")),
    ]
    returned = _returned_to(user, drafts)
    if returned:  # a team lead who drafts an answer hears the Director's verdict too
        sections.append(_returned_section(returned))
    return sections


def _returned_to(user: User, drafts: list[AnswerDraft]) -> list[Item]:
    """The drafts returned for a new version to ``user``: the case's assignee."""
    mine = [draft for draft in drafts if draft.consultation.assignee_id == user.pk]
    return _draft_items(mine, {DraftState.RETURNED: _("Konsep versi %(version)s dikembalikan untuk diperbaiki")})


def _returned_section(items: list[Item]) -> Section:
    return Section(
        "dikembalikan", _("Konsep yang dikembalikan kepada Anda"), items[:ROWS], len(items),
        _queue_url(assignee="me"), _("Antrean Konsultasi"),
    )


def staff_work(user: User, *, now: datetime) -> list[Section]:
    cases = visible_cases(user).filter(assignee=user)
    at_risk, late = _urgent_q(now)
    own = Q(status__in=IN_HAND) & ~Q(channel=Channel.TATAP_MUKA)
    guests = Q(status=Status.ASSIGNED, channel=Channel.TATAP_MUKA)
    counts = cases.aggregate(
        own=Count("pk", filter=own), at_risk=Count("pk", filter=own & at_risk), late=Count("pk", filter=own & late),
        guests=Count("pk", filter=guests),
    )
    own_rows = _rows(_order(cases.filter(own)))[:ROWS]
    guest_rows = _rows(_order(cases.filter(guests)).select_related("walk_in"))[:ROWS]
    return [
        Section(
            "kasus-saya", _("Konsultasi Anda menurut batas waktu"), [Item(case) for case in own_rows], counts["own"],
            _queue_url(assignee="me"), _("Antrean Konsultasi"), states=_state_counts(counts["at_risk"], counts["late"]),
        ),
        Section(
            "tamu", _("Tamu tatap muka yang diserahkan kepada Anda"),
            [Item(case, _guest_note(case, viewer=user)) for case in guest_rows], counts["guests"],
            reverse("consultations:walk_in_board"), _("Tamu Saya"),
        ),
        _returned_section(_returned_to(user, latest_drafts(cases))),
    ]


def _guest_note(case: Consultation, *, viewer: User) -> str:
    walk_in = getattr(case, "walk_in", None)
    if walk_in is not None and walk_in.accepted_at is not None:
        return _("Tamu sudah Anda terima; catat sarannya")
    if case.assignee_id is None:
        return _("Belum diserahkan kepada pegawai")
    if case.assignee_id == viewer.pk:
        return _("Tamu menunggu Anda; terima tamu ini")
    return _("Diserahkan kepada %(name)s; tamu belum diterima") % {"name": case.assignee.full_name}


def front_desk_work(user: User, *, now: datetime) -> list[Section]:
    cases = visible_cases(user)
    to_check = Q(channel__in=LETTER_CHANNELS, status=Status.REGISTERED, letter__checked_at__isnull=True)
    waiting = Q(channel=Channel.TATAP_MUKA, status__in=IN_HAND, walk_in__accepted_at__isnull=True)
    today = datetime.combine(wib_date(now), datetime.min.time(), tzinfo=WIB)
    visits = Q(channel=Channel.TATAP_MUKA, walk_in__registered_at__gte=today,
               walk_in__registered_at__lt=today + timedelta(days=1))
    counts = cases.aggregate(
        check=Count("pk", filter=to_check), waiting=Count("pk", filter=waiting), visits=Count("pk", filter=visits)
    )
    check_rows = _rows(cases.filter(to_check).select_related("letter")).order_by(
        "-is_priority", "letter__registered_at", "id"
    )[:ROWS]
    waiting_rows = _rows(_order(cases.filter(waiting)).select_related("walk_in"))[:ROWS]
    visit_rows = _rows(cases.filter(visits).select_related("walk_in")).order_by("walk_in__registered_at", "id")[:ROWS]
    desk, board = reverse("consultations:letter_desk"), reverse("consultations:walk_in_board")
    return [
        Section(
            "periksa", _("Surat dan undangan untuk diperiksa"),
            [Item(case, at=case.letter.registered_at) for case in check_rows], counts["check"],
            f"{desk}#periksa", _("Meja Surat"),
        ),
        Section(
            "tamu-menunggu", _("Tamu tatap muka yang menunggu"),
            [Item(case, _guest_note(case, viewer=user)) for case in waiting_rows], counts["waiting"], board, _("Tamu Tatap Muka"),
        ),
        Section(
            "kunjungan-hari-ini", _("Kunjungan hari ini"),
            [Item(case, case.status_label, at=case.walk_in.registered_at) for case in visit_rows], counts["visits"],
            board, _("Tamu Tatap Muka"),
        ),
    ]


WORK = {
    Role.DIRECTOR: director_work,
    Role.TEAM_LEAD: team_lead_work,
    Role.STAFF: staff_work,
    Role.FRONT_DESK: front_desk_work,
}


def work_of(user: User, *, now: datetime | None = None) -> list[Section]:
    """The lists of ``user``'s home, or none for a role without consultation work here."""
    lists = WORK.get(getattr(user, "role", None))
    if lists is None or not user.is_active:
        return []
    return lists(user, now=now or timezone.now())


def panel(request, **context) -> str:
    """The consultation desk's work lists on the home page (``core.panels.HOME``)."""
    user = request.user
    if not user.is_authenticated:
        return ""
    now = timezone.now()
    sections = work_of(user, now=now)
    if not sections:
        return ""
    return render_to_string(
        "consultations/partials/home_work.html", {"sections": sections, "now": now}, request=request
    )
