from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # Before the survey links, so that "laporan" is never read as a token.
    path("laporan/", views.report, name="report"),
    path("laporan/unduh.csv", views.report_csv, name="report_csv"),
    path("laporan/unduh.xlsx", views.report_xlsx, name="report_xlsx"),
    # The applicant's own case, signed in (two segments: never read as a token).
    path("konsultasi/<str:number>/", views.for_case, name="for_case"),
    path("<str:token>/", views.answer, name="answer"),
]
