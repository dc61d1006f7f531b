"""Factories of the calendar tests."""

from __future__ import annotations

import datetime as dt

import factory

from workdays.models import Holiday, HolidayKind, HolidaySource


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n))
    name = factory.LazyAttribute(lambda o: f"Hari libur {o.date.isoformat()}")
    name_en = factory.LazyAttribute(lambda o: f"Holiday {o.date.isoformat()}")
    kind = HolidayKind.LIBUR_NASIONAL
    source = HolidaySource.PACKAGE
    is_active = True
