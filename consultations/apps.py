from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Konsultasi")

    def ready(self) -> None:
        from .emails import register_email_context
        from .receivers import register_deadline_desk

        register_email_context()
        register_deadline_desk()
