"""The website channel's addresses: the question form, and the staff's answer and its corrections.

In the ``consultations`` namespace (``consultations/urls.py`` takes them from the
registry); the names are the ones the pages and the checks outside the repo use."""

from django.urls import path

from . import views

urlpatterns = [
    path("ajukan/", views.submit, name="submit"),
    path("staf/<case:number>/jawab/", views.send_answer, name="answer"),
    path("staf/<case:number>/jawaban/<int:answer>/koreksi/", views.correct_answer, name="correct_answer"),
]
