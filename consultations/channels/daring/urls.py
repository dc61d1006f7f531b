"""The online-meeting channel's addresses: the invitation (upload and registration), the coordination with the PIC, the schedule and the report.

In the ``consultations`` namespace (``consultations/urls.py`` takes them from the
registry); the names are the ones the pages and the checks outside the repo use."""

from django.urls import path

from consultations.channels.daring import views as meetings

urlpatterns = [
    path("ajukan/undangan-rapat/", meetings.upload_invitation, name="invitation_upload"),
    path("<case:number>/laporan-rapat.pdf", meetings.report_pdf, name="meeting_report"),
    path("staf/surat/undangan-rapat/", meetings.register_invitation, name="invitation_register"),
    path("staf/<case:number>/pesan-pic/", meetings.pic_message, name="meeting_pic_message"),
    path("staf/<case:number>/konfirmasi-rapat/", meetings.confirm, name="meeting_confirm"),
    path("staf/<case:number>/ubah-jadwal/", meetings.reschedule, name="meeting_reschedule"),
    path("staf/<case:number>/batalkan-rapat/", meetings.cancel, name="meeting_cancel"),
    path("staf/<case:number>/laporan/", meetings.write_report, name="meeting_report_write"),
    path("staf/<case:number>/laporan/setujui/", meetings.approve_report, name="meeting_report_approve"),
]
