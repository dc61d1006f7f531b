from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the deny-by-default system check)
            receivers,  # noqa: F401  (the language chosen before sign-in is kept)
        )
        from .lookups import CASEWORKER_FIELDS, all_caseworkers, all_directorates
        from .models import Directorate, User

        # An admin's change is read again everywhere (accounts/lookups.py).
        all_directorates.connect(Directorate)
        all_caseworkers.connect(User, fields=CASEWORKER_FIELDS)
