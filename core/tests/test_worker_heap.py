"""A Celery worker freezes its start-up heap (``advokasi.celery.freeze_startup_heap``):
each pool process once it has imported the tasks, and the worker's own process, which
runs them with ``--pool=solo``."""

from __future__ import annotations

import gc

import pytest
from celery.signals import worker_process_init, worker_ready


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("signal", [worker_process_init, worker_ready], ids=["pool process", "worker"])
def test_the_worker_freezes_what_start_up_loaded(signal, unfrozen):
    assert gc.get_freeze_count() == 0
    signal.send(sender=None)
    assert gc.get_freeze_count() > 0
