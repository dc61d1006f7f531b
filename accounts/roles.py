"""The roles and every grouping of them, in one place.

A user has exactly one role (``User.role``). Code that asks "may this kind of user…"
compares the role with one of the groupings below, never with a set of its own: adding
a role, or letting one more role see a page, is a change here. Templates get the
answers they need from ``accounts.context_processors`` (e.g. ``has_queue``), not by
comparing role strings.

The groupings are frozensets of :class:`Role` members; a member is a ``str``, so
``user.role in CASEWORKER_ROLES`` works on the stored value.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Pemohon")
    FRONT_DESK = "front_desk", _("Sekretariat Pelayanan")
    DIRECTOR = "director", _("Direktur")
    TEAM_LEAD = "team_lead", _("Ketua Tim Kerja")
    STAFF = "staff", _("Anggota Tim Kerja / Pegawai")
    COMPLAINT_HANDLER = "complaint_handler", _("Pengelola Pengaduan")
    ADMIN = "admin", _("Admin")


# --- who somebody is ----------------------------------------------------------------

# Roles that work inside one directorate; a user with one of them must have one.
DIRECTORATE_ROLES = frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.STAFF, Role.COMPLAINT_HANDLER})
# Every role an admin creates; applicants are the only self-registered accounts.
INTERNAL_ROLES = frozenset(set(Role) - {Role.APPLICANT})

# --- who handles consultations --------------------------------------------------------

# Roles that handle consultations inside a directorate (complaint handlers do not).
CASEWORKER_ROLES = frozenset({Role.DIRECTOR, Role.TEAM_LEAD, Role.STAFF})
# Roles that see every case of every directorate (document: the front desk registers
# letters and walk-ins for all three; the admin audits).
ALL_CASES_ROLES = frozenset({Role.ADMIN, Role.FRONT_DESK})
# Who leads a directorate's work and may distribute it.
LEAD_ROLES = frozenset({Role.DIRECTOR, Role.TEAM_LEAD})
# Whom a team lead may assign: the members of the directorate's teams, themselves included.
TEAM_LEAD_ASSIGNABLE = frozenset({Role.TEAM_LEAD, Role.STAFF})
# Who has a queue: the directorates' case workers, and — read-only, across all three
# directorates — the front desk and the admin.
QUEUE_ROLES = CASEWORKER_ROLES | ALL_CASES_ROLES
# Who may open a staff case page; which cases is ``consultations.selectors.visible_cases``'
# business. Complaint handlers have no case pages (docs/decisions/0003).
CASE_ROLES = QUEUE_ROLES

# Who opens the letter desk: the secretariat registers and checks letters; directors
# receive and dispose them; team leads follow their directorate's letters; the admin audits.
LETTER_DESK_ROLES = frozenset({Role.FRONT_DESK, Role.DIRECTOR, Role.TEAM_LEAD, Role.ADMIN})

# Who watches the walk-in board: the secretariat and the directors (their directorate's
# guests), staff and team leads (their own guests: "my guests"), the admin.
WALK_IN_BOARD_ROLES = frozenset({Role.FRONT_DESK, Role.DIRECTOR, Role.TEAM_LEAD, Role.STAFF, Role.ADMIN})

# --- who watches the service standard ----------------------------------------------

# Who opens the SLA dashboard: directors (their own directorate) and the admin (all
# three). Team leads work the queue; the front desk registers intake for everyone and
# answers for no directorate's deadlines (docs/decisions/consultations-sla-dashboard.md).
DASHBOARD_ROLES = frozenset({Role.DIRECTOR, Role.ADMIN})

# --- the complaints desk -----------------------------------------------------------

# Who logs a complaint that came by telephone, e-office, letter or SP4N-LAPOR!: the
# secretariat (SPEC: it "logs complaints received by phone or letter"), the complaint
# handlers themselves, and the admin.
COMPLAINT_INTAKE_ROLES = frozenset({Role.FRONT_DESK, Role.COMPLAINT_HANDLER, Role.ADMIN})
# Who reads a directorate's complaints: its handlers and its director; the admin all.
COMPLAINT_DESK_ROLES = frozenset({Role.COMPLAINT_HANDLER, Role.DIRECTOR, Role.ADMIN})
# Who follows complaints up (of their own directorate).
COMPLAINT_HANDLER_ROLES = frozenset({Role.COMPLAINT_HANDLER})
