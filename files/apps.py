from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    """Uploads for every desk: checks, storage under random names, guarded downloads.
    No models of its own: each desk keeps its file rows; this app knows none of them."""

    name = "files"
    verbose_name = _("Berkas")
