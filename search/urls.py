from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.cases, name="cases"),
    path("serupa/<str:number>/", views.similar, name="similar_cases"),
]
