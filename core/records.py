"""Append-only records: rows the ORM refuses to change or delete once written.

Audit trails are built on it (a case's events, sent answers, messages, internal notes):
``save()`` of an existing row, ``delete()``, ``QuerySet.update()``/``delete()`` and
``bulk_update()`` raise :class:`AppendOnlyViolation`. A correction is a new row that
points at the old one, never an edit. Raw SQL is not guarded; nothing of ours uses it.
"""

from __future__ import annotations

from django.db import models


class AppendOnlyViolation(Exception):
    """An attempt to change or delete a record that is append-only by design (events,
    sent answers, messages, internal notes). A programming error, never a user error."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyViolation(f"{self.model.__name__} rows are append-only")

    def delete(self):
        raise AppendOnlyViolation(f"{self.model.__name__} rows are append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyViolation(f"{self.model.__name__} rows are append-only")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyViolation(f"{type(self).__name__} {self.pk} cannot be changed once written")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyViolation(f"{type(self).__name__} {self.pk} cannot be deleted")
