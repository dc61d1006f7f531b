from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan, keberatan, saran dan masukan")

    def ready(self) -> None:
        from core import panels

        # notices: the e-mails' labels (kind, status, the staff notice's text) are added at
        # render time, in the recipient's language, wherever e-mails are rendered.
        from . import dashboard, notices  # noqa: F401

        # Complaint breaches beside the consultations' on the service dashboard.
        panels.register(panels.SERVICE_DASHBOARD, "complaints", dashboard.panel)
