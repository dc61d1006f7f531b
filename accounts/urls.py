from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("beranda/", views.home, name="home"),
    path("profil/", views.profile, name="profile"),
    path("profil/ubah/", views.profile_edit, name="profile_edit"),
    path("profil/pemberitahuan/", views.notification_settings, name="notification_settings"),
    path("sesi/aktif/", views.session_activity, name="session_activity"),
]
