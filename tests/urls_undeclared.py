"""A URLconf with one view that forgot to declare its audience (used by tests only)."""

from django.http import HttpResponse
from django.urls import path

from accounts.access import delegate, public, roles


def forgotten(request):
    return HttpResponse("should never be served")


@public
def open_view(request):
    return HttpResponse("public")


@roles("director", "team_lead")
def leads_only(request):
    return HttpResponse("leads")


@roles("applicant", verified_email=True)
def verified_only(request):
    return HttpResponse("verified")


urlpatterns = [
    path("forgotten/", forgotten, name="forgotten"),
    path("open/", open_view, name="open"),
    path("leads/", leads_only, name="leads"),
    path("verified/", verified_only, name="verified"),
    path("akun/", delegate("allauth.urls", to="django-allauth")),
]

# The error pages render the site layout, which links to the site's named routes.
from advokasi.urls import urlpatterns as site_urlpatterns  # noqa: E402

urlpatterns += site_urlpatterns
