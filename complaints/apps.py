from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan, keberatan, saran dan masukan")

    def ready(self) -> None:
        from core import lifecycle, panels

        # notices: the e-mails' labels (kind, status, the staff notice's text) are added at
        # render time, in the recipient's language, wherever e-mails are rendered.
        from . import dashboard, home, notices  # noqa: F401
        from .sweep import ComplaintDesk

        # Complaint breaches beside the consultations' on the service dashboard.
        panels.register(panels.SERVICE_DASHBOARD, "complaints", dashboard.panel)
        # A complaint handler's complaints by deadline, on their home page.
        panels.register(panels.HOME, "complaints-work", home.panel)
        # The 5-working-day clock on the one deadline lifecycle: swept every minute with
        # every desk, recomputed when the holiday calendar changes.
        lifecycle.register(ComplaintDesk())
