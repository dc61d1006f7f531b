"""A real Celery worker, on the configured broker, changes the real database.

Runs on the embedded defaults (kombu's filesystem broker, SQLite file) and in CI on Redis
and PostgreSQL. The worker is a subprocess reading the same settings; it is pointed at the
test database that pytest-django created (see the ``real_worker`` fixture).
"""

import pytest

from workdays.models import Holiday
from workdays.tasks import sync_holidays

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_worker_runs_a_task_from_the_broker_and_writes_the_database(real_worker):
    assert not Holiday.objects.exists()

    sync_holidays.delay(2025, 2025)

    real_worker.wait_for(lambda: Holiday.objects.filter(date__year=2025).count() > 10, what="sync_holidays")
    assert Holiday.objects.filter(date="2025-03-31").exists()  # Idul Fitri
    assert "workdays.tasks.sync_holidays" in real_worker.log.read_text()
