from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from accounts.access import delegate, signed_in
from knowledge import views as knowledge_views
from knowledge.sitemaps import ArticleSitemap, NamedPagesSitemap
from notifications import views as notification_views

admin.site.site_header = "E-Advokasi LKPP"
admin.site.site_title = "E-Advokasi"
admin.site.index_title = "Administrasi"

# The notices app knows no roles (it imports nothing of accounts): its views are declared
# here, where the project wires them. Each answers only for the signed-in user's notices.
for _view in (notification_views.notice_list, notification_views.notice_open, notification_views.notice_read_all):
    signed_in(_view)

SITEMAPS = {
    "halaman": NamedPagesSitemap(
        ["pages:home", "pages:standard", "pages:complaints", "consultations:visit_form", "knowledge:index"]
    ),
    "pengetahuan": ArticleSitemap(),
}

urlpatterns = [
    path("", include("pages.urls")),
    path("akun/", include("accounts.urls")),
    path("konsultasi/", include("consultations.urls")),
    path("survei/", include("surveys.urls")),
    path("pengaduan/", include("complaints.urls")),
    path("pemberitahuan/", include("notifications.urls")),
    path("pengetahuan/", include("knowledge.urls")),
    path("cari/", include("search.urls")),
    path("akun/", delegate("allauth.urls", to="django-allauth (sign-up, login, verification, reset)")),
    path("bahasa/", account_views.set_language, name="set_language"),
    path("sitemap.xml", knowledge_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The admin signs in through the same page as everybody (e-mail login, throttled).
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", delegate(admin.site.urls, to="Django admin (role admin only)")),
]

# Error answers in the site's layout (403 and 404 use Django's views with our templates;
# 429.html serves django-allauth's rate limits, 403_csrf.html Django's CSRF view). A
# database outage answers 503 "not received, send again" instead of the generic 500.
handler400 = "advokasi.errors.bad_request"
handler500 = "advokasi.errors.handler500"
