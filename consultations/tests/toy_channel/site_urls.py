"""The site's addresses with the toy channel's added to the consultations namespace, as
``consultations/urls.py`` adds every registered channel's at start-up."""

from django.urls import include, path

from advokasi.urls import urlpatterns as site
from consultations import urls as consultations_urls

from . import SPEC

urlpatterns = [
    path("konsultasi/", include((consultations_urls.urlpatterns + SPEC.urlpatterns(), "consultations"))),
    *[pattern for pattern in site if str(pattern.pattern) != "konsultasi/"],
]
