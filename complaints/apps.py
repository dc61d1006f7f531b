from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Pengaduan, keberatan, saran dan masukan")

    def ready(self) -> None:
        # The e-mails' labels (kind, status, the staff notice's text) are added at render
        # time, in the recipient's language: registered wherever e-mails are rendered.
        from . import notices  # noqa: F401
