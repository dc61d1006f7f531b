"""State changes of the holiday calendar. The admin, the command and the task call these.

Two owners share the table. The sync (:func:`sync_from_package`) owns the rows it
created from the ``holidays`` package until an admin touches them; from then on the
admin owns them (``Holiday.is_admin_owned``) and the sync never overwrites, re-activates
or deactivates them. A holiday's date never changes: to move a day as a decree did,
deactivate the old date and add the new one, so that the sync cannot bring the old date
back.

Every change that alters the set of non-working days invalidates the calendar cache
and sends ``workdays.signals.calendar_changed`` when its transaction commits: single-row
saves through ``post_save``, bulk changes through ``notify_calendar_changed``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import holidays as holidays_package
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .calendar import notify_calendar_changed
from .deadlines import WIB
from .models import Holiday, HolidayKind, HolidaySource

logger = logging.getLogger(__name__)

COUNTRY = "ID"
# The package's category "public" holds the national holidays (libur nasional),
# "government" the collective leave days (cuti bersama) set by joint ministerial decree.
CATEGORY_KINDS: Mapping[str, HolidayKind] = {
    "public": HolidayKind.LIBUR_NASIONAL,
    "government": HolidayKind.CUTI_BERSAMA,
}
MIN_YEAR = 1946  # the first year the package knows for Indonesia
MAX_SPAN = 30
_NAME_MAX = Holiday._meta.get_field("name").max_length or 200


# --- Admin edits ----------------------------------------------------------------------


@transaction.atomic
def add_holiday(
    *,
    date: dt.date,
    name: str,
    kind: HolidayKind | str,
    actor: AbstractBaseUser | None,
    name_en: str = "",
    note: str = "",
    is_active: bool = True,
) -> Holiday:
    """A day added by the admin (e.g. a cuti bersama set by a new decree).

    Raises ``ValidationError`` if the date is already in the table: edit or re-activate
    that row instead.
    """
    holiday = Holiday(
        date=date,
        name=name.strip(),
        name_en=name_en.strip(),
        kind=HolidayKind(kind),
        source=HolidaySource.ADMIN,
        is_active=is_active,
        note=note.strip(),
        admin_edited_at=timezone.now(),
        admin_edited_by=actor,
    )
    holiday.full_clean()
    holiday.save()
    logger.info("holiday %s added by %s", holiday, _who(actor))
    return holiday


@transaction.atomic
def update_holiday(
    *,
    holiday: Holiday,
    actor: AbstractBaseUser | None,
    name: str,
    name_en: str,
    kind: HolidayKind | str,
    note: str,
    is_active: bool,
) -> Holiday:
    """The admin's edit of a day. Any real change makes the row admin-owned for good.

    Saving without a change leaves the row as it was (and in the sync's hands).
    Returns the row as stored.
    """
    row = Holiday.objects.select_for_update().get(pk=holiday.pk)
    wanted = {
        "name": name.strip(),
        "name_en": name_en.strip(),
        "kind": HolidayKind(kind).value,
        "note": note.strip(),
        "is_active": is_active,
    }
    changed = [field for field, value in wanted.items() if getattr(row, field) != value]
    if not changed:
        return row
    for field in changed:
        setattr(row, field, wanted[field])
    row.admin_edited_at = timezone.now()
    row.admin_edited_by = actor
    row.full_clean()
    # update_fields tells the post_save receiver whether the calendar itself changed.
    row.save(update_fields=[*changed, "admin_edited_at", "admin_edited_by", "updated_at"])
    logger.info("holiday %s edited by %s: %s", row, _who(actor), ", ".join(changed))
    return row


@transaction.atomic
def set_holidays_active(*, holidays: Iterable[Holiday], active: bool, actor: AbstractBaseUser | None) -> int:
    """Activate or deactivate days; every one of them becomes admin-owned.

    Rows already in the wanted state are marked too: the admin has confirmed them, and
    the sync must not flip them later. Returns how many rows changed state.
    """
    ids = [holiday.pk for holiday in holidays]
    rows = Holiday.objects.select_for_update().filter(pk__in=ids)
    flipped = list(rows.exclude(is_active=active).values_list("date", flat=True))
    now = timezone.now()
    rows.update(is_active=active, admin_edited_at=now, admin_edited_by=actor, updated_at=now)
    if flipped:
        # update() sends no post_save.
        notify_calendar_changed(dates=flipped)
        logger.info(
            "%s %s by %s",
            "activated" if active else "deactivated",
            ", ".join(day.isoformat() for day in sorted(flipped)),
            _who(actor),
        )
    return len(flipped)


def deactivate_holiday(*, holiday: Holiday, actor: AbstractBaseUser | None) -> bool:
    """The day becomes a working day. Returns False if it already was inactive."""
    return set_holidays_active(holidays=[holiday], active=False, actor=actor) == 1


def activate_holiday(*, holiday: Holiday, actor: AbstractBaseUser | None) -> bool:
    """The day is a holiday again. Returns False if it already was active."""
    return set_holidays_active(holidays=[holiday], active=True, actor=actor) == 1


def _who(actor: AbstractBaseUser | None) -> str:
    # The username is the e-mail address (USERNAME_FIELD); workdays knows no user model.
    return actor.get_username() if actor is not None else "system"


# --- Sync from the holidays package ---------------------------------------------------


@dataclass(frozen=True)
class PackageHoliday:
    date: dt.date
    name: str
    name_en: str
    kind: HolidayKind


@dataclass(frozen=True)
class SyncResult:
    from_year: int
    to_year: int
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0
    admin_untouched: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deactivated

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def __str__(self) -> str:
        return (
            f"holidays {self.from_year}-{self.to_year}: {self.created} created, "
            f"{self.updated} updated, {self.deactivated} deactivated (gone from the package), "
            f"{self.unchanged} unchanged, {self.admin_untouched} admin rows left untouched"
        )


def default_sync_years(today: dt.date | None = None) -> tuple[int, int]:
    """This year - 1 to this year + 2, "this year" in Asia/Jakarta."""
    year = (today or timezone.now().astimezone(WIB).date()).year
    return year - 1, year + 2


def resolve_sync_years(from_year: int | None, to_year: int | None) -> tuple[int, int]:
    """Fill in the defaults and check the range; ``ValueError`` says what is wrong."""
    default_from, default_to = default_sync_years()
    if from_year is None:
        from_year = default_from if to_year is None else min(default_from, to_year)
    if to_year is None:
        to_year = max(default_to, from_year)
    if from_year > to_year:
        raise ValueError(f"from-year {from_year} is after to-year {to_year}")
    if from_year < MIN_YEAR:
        raise ValueError(f"the holidays package knows Indonesia from {MIN_YEAR}, not {from_year}")
    if to_year - from_year >= MAX_SPAN:
        raise ValueError(f"at most {MAX_SPAN} years at a time, asked for {from_year}-{to_year}")
    return from_year, to_year


def package_holidays(from_year: int, to_year: int) -> dict[dt.date, PackageHoliday]:
    """What the ``holidays`` package says for Indonesia, classified by category.

    Each category is queried on its own to know the kind. A date in both categories
    (none so far) is a libur nasional: the stronger of the two.
    """
    years = range(from_year, to_year + 1)
    result: dict[dt.date, PackageHoliday] = {}
    for category, kind in CATEGORY_KINDS.items():
        names_id, names_en = (
            holidays_package.country_holidays(COUNTRY, years=years, categories=(category,), language=lang)
            for lang in ("id", "en_US")
        )
        for day, name in sorted(names_id.items()):
            if day in result:
                continue
            result[day] = PackageHoliday(
                date=day,
                name=_fit(name),
                name_en=_fit(names_en.get(day, "")),
                kind=kind,
            )
    return result


def _fit(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= _NAME_MAX else name[: _NAME_MAX - 1] + "…"


@transaction.atomic
def sync_from_package(*, from_year: int | None = None, to_year: int | None = None) -> SyncResult:
    """Bring the package's holidays for these years into the table (default: see
    :func:`default_sync_years`).

    Creates the missing days, updates names and kinds of the rows the sync owns,
    deactivates the sync's rows that the package no longer lists (and re-activates them
    if it lists them again), and leaves admin-owned rows alone. Idempotent: a second run
    changes nothing. Safe to run concurrently with itself and with admin edits: existing
    rows are locked, and a date inserted meanwhile by somebody else is kept as it is.
    """
    from_year, to_year = resolve_sync_years(from_year, to_year)
    wanted = package_holidays(from_year, to_year)
    existing = {row.date: row for row in Holiday.objects.select_for_update().in_years(from_year, to_year)}
    now = timezone.now()

    to_create: list[Holiday] = []
    to_update: list[Holiday] = []
    calendar_dates: set[dt.date] = set()
    unchanged = deactivated = 0

    for day, entry in wanted.items():
        row = existing.get(day)
        if row is None:
            to_create.append(
                Holiday(
                    date=day,
                    name=entry.name,
                    name_en=entry.name_en,
                    kind=entry.kind,
                    source=HolidaySource.PACKAGE,
                    is_active=True,
                )
            )
            calendar_dates.add(day)
            continue
        if row.is_admin_owned:
            continue
        if (row.name, row.name_en, row.kind, row.is_active) == (entry.name, entry.name_en, entry.kind, True):
            unchanged += 1
            continue
        if not row.is_active:
            calendar_dates.add(day)
        row.name, row.name_en, row.kind, row.is_active = entry.name, entry.name_en, entry.kind, True
        to_update.append(row)

    for day, row in existing.items():
        if day in wanted or row.is_admin_owned or not row.is_active:
            continue
        row.is_active = False
        to_update.append(row)
        calendar_dates.add(day)
        deactivated += 1

    for row in to_update:
        row.updated_at = now  # bulk_update does not apply auto_now
    if to_create:
        # ignore_conflicts: a row for the same date added meanwhile (by the admin or a
        # concurrent sync) wins; the unique date makes a duplicate impossible.
        Holiday.objects.bulk_create(to_create, ignore_conflicts=True)
    if to_update:
        Holiday.objects.bulk_update(to_update, ["name", "name_en", "kind", "is_active", "updated_at"])
    if calendar_dates:
        notify_calendar_changed(dates=calendar_dates)

    result = SyncResult(
        from_year=from_year,
        to_year=to_year,
        created=len(to_create),
        updated=len(to_update) - deactivated,
        deactivated=deactivated,
        unchanged=unchanged,
        admin_untouched=sum(1 for row in existing.values() if row.is_admin_owned),
    )
    logger.info("%s (holidays package %s)", result, holidays_package.__version__)
    return result
