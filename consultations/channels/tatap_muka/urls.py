"""The walk-in channel's addresses: the form beforehand (public), the desk's registration and live board, and the steps of a visit.

In the ``consultations`` namespace (``consultations/urls.py`` takes them from the
registry); the names are the ones the pages and the checks outside the repo use."""

from django.urls import path

from . import views

urlpatterns = [
    path("tatap-muka/", views.visit_form, name="visit_form"),
    path("tatap-muka/<str:code>/", views.visit_done, name="visit_done"),
    path("tatap-muka/<str:code>/qr.svg", views.visit_qr, name="visit_qr"),
    path("staf/tatap-muka/", views.board, name="walk_in_board"),
    path("staf/tatap-muka/daftar/", views.register, name="visit_register"),
    path("staf/tatap-muka/daftar/formulir-kertas/", views.register_paper, name="visit_register_paper"),
    path("staf/tatap-muka/daftar/<str:code>/", views.register_form, name="visit_register_form"),
    path("staf/<case:number>/tanda-terima/", views.receipt, name="visit_receipt"),
    path("staf/<case:number>/serahkan/", views.hand_off, name="visit_hand_off"),
    path("staf/<case:number>/terima-tamu/", views.accept, name="visit_accept"),
    path("staf/<case:number>/perlu-waktu/", views.more_time, name="visit_more_time"),
    path("staf/<case:number>/saran/", views.advice, name="visit_advice"),
]
