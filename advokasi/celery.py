"""Celery application: one worker and one beat process on any host read the same settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advokasi.settings.base")

app = Celery("advokasi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
