"""The website channel's addresses: the question form, and the staff's answer and its corrections.

In the ``consultations`` namespace (``consultations/urls.py`` takes them from the
registry); the names are the ones the pages and the checks outside the repo use."""

from django.urls import path

from consultations.views import applicant, staff

urlpatterns = [
    path("ajukan/", applicant.submit, name="submit"),
    path("staf/<case:number>/jawab/", staff.send_answer, name="answer"),
    path("staf/<case:number>/jawaban/<int:answer>/koreksi/", staff.correct_answer, name="correct_answer"),
]
