from django.urls import path

from . import complaint_page, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("standar-pelayanan/", views.standard, name="standard"),
    path("pengaduan/", complaint_page.complaints, name="complaints"),
]
