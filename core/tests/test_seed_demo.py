"""``seed_demo`` calls every app's demo module, in INSTALLED_APPS order; DEBUG only."""

import pytest
from django.core.management import CommandError, call_command

from core.management.commands.seed_demo import demo_modules


def test_seed_demo_refuses_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", "--skip-calendar", "--skip-cases")


def test_personas_come_before_the_calendar_and_the_desks_sample_cases():
    names = [module.__name__ for module in demo_modules()]
    assert names.index("accounts.demo") < names.index("workdays.demo") < names.index("consultations.demo")
    assert all(callable(module.seed) for module in demo_modules())
