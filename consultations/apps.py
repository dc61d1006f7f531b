from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Konsultasi")

    def ready(self) -> None:
        from workdays.signals import calendar_changed

        from .emails import register_email_context
        from .receivers import recompute_deadlines_on_calendar_change

        register_email_context()

        calendar_changed.connect(
            recompute_deadlines_on_calendar_change, dispatch_uid="consultations.recompute_deadlines"
        )
