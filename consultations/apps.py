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
        from .lookups import all_categories, queue_counts
        from .models import Category, Consultation

        all_categories.connect(Category)  # an admin's change is read again everywhere
        queue_counts.connect(Consultation)  # any case saved or deleted: the queues count again
        self._one_person_across_channels()

    def _one_person_across_channels(self) -> None:
        """A contact's priority credits move to the account that verifies its address;
        the person's home page shows what they are owed."""
        from allauth.account.signals import email_confirmed

        from core import panels

        from .home import credits_panel
        from .receivers import move_contact_credits_on_email_confirmed

        email_confirmed.connect(move_contact_credits_on_email_confirmed, dispatch_uid="consultations.move_credits")
        panels.register(panels.HOME, "priority-credits", credits_panel)
        # Each staff role's work list (my_work): what waits for the person, soonest first.
        from . import my_work

        panels.register(panels.HOME, "my-work", my_work.panel)
