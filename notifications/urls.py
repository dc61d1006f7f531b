from django.urls import path

from . import views

app_name = "notifications"

# Access is declared in advokasi/urls.py (this app knows no roles).
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("baca-semua/", views.notice_read_all, name="read_all"),
]
