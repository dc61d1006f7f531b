"""What every channel's intake shares: the case number and the directorate a question
is routed to. The priority credit a new case may consume is ``compensation``'s."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from accounts.models import Directorate, InstitutionType, User

from ..models import CaseCounter, Category

LEGAL_DIRECTORATE = "hukum"
# SPEC.md names two institution types (K/L -> pusat, Pemda -> daerah). The others
# (BUMN/BUMD, vendors, citizens, other) go to pusat: it is the directorate for
# procurement policy at the national level, the questions of these applicants are
# about the national rules rather than one region's practice, and staff re-route with
# a reason when a case belongs elsewhere. See docs/decisions/consultations-routing.md.
INSTITUTION_DIRECTORATE = {
    InstitutionType.KL: "pusat",
    InstitutionType.PEMDA: "daerah",
}
DEFAULT_DIRECTORATE = "pusat"


def route_directorate(*, category: Category, applicant: User) -> tuple[Directorate, str]:
    """Where a question goes (SPEC.md), and why (for the event): legal-problem
    categories -> hukum; else the category's default directorate; else the applicant's
    institution type (K/L -> pusat, Pemda -> daerah, others -> pusat)."""
    if category.is_legal_problem:
        return Directorate.objects.get(code=LEGAL_DIRECTORATE), "legal_category"
    if category.default_directorate_id is not None:
        return category.default_directorate, "category_default"
    profile = getattr(applicant, "profile", None)
    institution_type = profile.institution_type if profile is not None else None
    code = INSTITUTION_DIRECTORATE.get(institution_type, DEFAULT_DIRECTORATE)
    return Directorate.objects.get(code=code), "institution_type"


def allocate_case_number(*, year: int) -> str:
    """The next ``ADV-YYYY-NNNNNN`` of ``year``. Call inside the transaction that
    creates the case: the counter row stays locked until it commits, so concurrent
    submissions queue here and a rolled-back one gives its number back (no gaps)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_case_number must run inside the creating transaction")
    try:
        # A savepoint: losing the race to create the year's row must not break the
        # caller's transaction.
        with transaction.atomic():
            CaseCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created by a concurrent submission meanwhile; lock it below
    counter = CaseCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"ADV-{year}-{counter.last_number:06d}"
