"""The walk-in channel's addresses: the form beforehand (public), the desk's registration and live board, and the steps of a visit.

In the ``consultations`` namespace (``consultations/urls.py`` takes them from the
registry); the names are the ones the pages and the checks outside the repo use."""

from django.urls import path

from consultations.views import walk_ins

urlpatterns = [
    path("tatap-muka/", walk_ins.visit_form, name="visit_form"),
    path("tatap-muka/<str:code>/", walk_ins.visit_done, name="visit_done"),
    path("tatap-muka/<str:code>/qr.svg", walk_ins.visit_qr, name="visit_qr"),
    path("staf/tatap-muka/", walk_ins.board, name="walk_in_board"),
    path("staf/tatap-muka/daftar/", walk_ins.register, name="visit_register"),
    path("staf/tatap-muka/daftar/formulir-kertas/", walk_ins.register_paper, name="visit_register_paper"),
    path("staf/tatap-muka/daftar/<str:code>/", walk_ins.register_form, name="visit_register_form"),
    path("staf/<case:number>/tanda-terima/", walk_ins.receipt, name="visit_receipt"),
    path("staf/<case:number>/serahkan/", walk_ins.hand_off, name="visit_hand_off"),
    path("staf/<case:number>/terima-tamu/", walk_ins.accept, name="visit_accept"),
    path("staf/<case:number>/perlu-waktu/", walk_ins.more_time, name="visit_more_time"),
    path("staf/<case:number>/saran/", walk_ins.advice, name="visit_advice"),
]
