from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = _("Kalender hari kerja")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .calendar import on_holiday_deleted, on_holiday_saved
        from .models import Holiday

        # Cache invalidation and the calendar_changed signal (workdays/calendar.py);
        # bulk operations, which send no post_save, notify explicitly.
        post_save.connect(on_holiday_saved, sender=Holiday, dispatch_uid="workdays.holiday_saved")
        post_delete.connect(on_holiday_deleted, sender=Holiday, dispatch_uid="workdays.holiday_deleted")
