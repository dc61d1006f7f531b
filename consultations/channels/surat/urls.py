"""The letter channel's addresses: the upload, the secretariat's and the Director's desk, drafting and the answer letter, tracking and verification.

In the ``consultations`` namespace (``consultations/urls.py`` takes them from the
registry); the names are the ones the pages and the checks outside the repo use."""

from django.urls import path

from consultations.channels.surat import views as letters

urlpatterns = [
    path("ajukan/surat/", letters.upload, name="letter_upload"),
    path("<case:number>/surat-jawaban.pdf", letters.answer_letter, name="answer_letter"),
    path("lacak/<str:token>/", letters.track, name="track"),
    path("lacak/<str:token>/surat-jawaban.pdf", letters.track_answer_letter, name="track_answer_letter"),
    path("verifikasi/<str:code>/", letters.verify, name="verify_letter"),
    path("staf/surat/", letters.desk, name="letter_desk"),
    path("staf/surat/daftar/", letters.register, name="letter_register"),
    path("staf/<case:number>/periksa/", letters.check, name="letter_check"),
    path("staf/<case:number>/terima/", letters.receive, name="letter_receive"),
    path("staf/<case:number>/disposisi/", letters.dispose, name="letter_dispose"),
    path("staf/<case:number>/lembar-disposisi.pdf", letters.disposition_sheet, name="disposition_sheet"),
    path("staf/<case:number>/konsep/", letters.write_draft, name="letter_draft"),
    path("staf/<case:number>/konsep/<int:draft>/telaah/", letters.review, name="letter_review"),
    path("staf/<case:number>/terbitkan/", letters.issue, name="letter_issue"),
]
