from django.urls import path, register_converter

from .views import applicant, dashboard, files, letters, meetings, staff, walk_ins


class CaseNumberConverter:
    """``ADV-YYYY-NNNNNN``; anything else is not a case address at all."""

    regex = r"ADV-\d{4}-\d{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseNumberConverter, "case")

app_name = "consultations"

urlpatterns = [
    # Applicants
    path("", applicant.my_consultations, name="list"),
    path("ajukan/", applicant.submit, name="submit"),
    path("ajukan/surat/", letters.upload, name="letter_upload"),
    path("ajukan/undangan-rapat/", meetings.upload_invitation, name="invitation_upload"),
    path("<case:number>/", applicant.detail, name="detail"),
    path("<case:number>/pesan/", applicant.post_message, name="message"),
    path("<case:number>/surat-jawaban.pdf", letters.answer_letter, name="answer_letter"),
    path("<case:number>/laporan-rapat.pdf", meetings.report_pdf, name="meeting_report"),
    # A sender without an account: the tracking link of the registration e-mail; and
    # anyone: the verification of a printed answer letter.
    path("lacak/<str:token>/", letters.track, name="track"),
    path("lacak/<str:token>/surat-jawaban.pdf", letters.track_answer_letter, name="track_answer_letter"),
    path("verifikasi/<str:code>/", letters.verify, name="verify_letter"),
    # Walk-ins: the form beforehand (anyone, no account), its code and QR
    path("tatap-muka/", walk_ins.visit_form, name="visit_form"),
    path("tatap-muka/<str:code>/", walk_ins.visit_done, name="visit_done"),
    path("tatap-muka/<str:code>/qr.svg", walk_ins.visit_qr, name="visit_qr"),
    # Downloads (applicants and staff alike; access is checked per file)
    path("lampiran/<int:pk>/", files.download, name="attachment"),
    # Staff workspace
    path("staf/", staff.queue, name="queue"),
    # The SLA dashboard (directors: their directorate; the admin: all), before the case
    # pages so that "dasbor" is never read as a case number
    path("staf/dasbor/", dashboard.dashboard, name="dashboard"),
    path("staf/dasbor/unduh.csv", dashboard.export_csv, name="dashboard_csv"),
    path("staf/dasbor/unduh.xlsx", dashboard.export_xlsx, name="dashboard_xlsx"),
    # The letter desk: the secretariat's registration and checklist, the Director's desk
    path("staf/surat/", letters.desk, name="letter_desk"),
    path("staf/surat/daftar/", letters.register, name="letter_register"),
    path("staf/surat/undangan-rapat/", meetings.register_invitation, name="invitation_register"),
    # The walk-in desk: registration, the live board
    path("staf/tatap-muka/", walk_ins.board, name="walk_in_board"),
    path("staf/tatap-muka/daftar/", walk_ins.register, name="visit_register"),
    path("staf/tatap-muka/daftar/formulir-kertas/", walk_ins.register_paper, name="visit_register_paper"),
    path("staf/tatap-muka/daftar/<str:code>/", walk_ins.register_form, name="visit_register_form"),
    path("staf/<case:number>/", staff.detail, name="staff_detail"),
    path("staf/<case:number>/tanda-terima/", walk_ins.receipt, name="visit_receipt"),
    path("staf/<case:number>/serahkan/", walk_ins.hand_off, name="visit_hand_off"),
    path("staf/<case:number>/terima-tamu/", walk_ins.accept, name="visit_accept"),
    path("staf/<case:number>/perlu-waktu/", walk_ins.more_time, name="visit_more_time"),
    path("staf/<case:number>/saran/", walk_ins.advice, name="visit_advice"),
    path("staf/<case:number>/periksa/", letters.check, name="letter_check"),
    path("staf/<case:number>/terima/", letters.receive, name="letter_receive"),
    path("staf/<case:number>/disposisi/", letters.dispose, name="letter_dispose"),
    path("staf/<case:number>/lembar-disposisi.pdf", letters.disposition_sheet, name="disposition_sheet"),
    path("staf/<case:number>/konsep/", letters.write_draft, name="letter_draft"),
    path("staf/<case:number>/konsep/<int:draft>/telaah/", letters.review, name="letter_review"),
    path("staf/<case:number>/terbitkan/", letters.issue, name="letter_issue"),
    path("staf/<case:number>/pesan-pic/", meetings.pic_message, name="meeting_pic_message"),
    path("staf/<case:number>/konfirmasi-rapat/", meetings.confirm, name="meeting_confirm"),
    path("staf/<case:number>/ubah-jadwal/", meetings.reschedule, name="meeting_reschedule"),
    path("staf/<case:number>/batalkan-rapat/", meetings.cancel, name="meeting_cancel"),
    path("staf/<case:number>/laporan/", meetings.write_report, name="meeting_report_write"),
    path("staf/<case:number>/laporan/setujui/", meetings.approve_report, name="meeting_report_approve"),
    path("staf/<case:number>/tugaskan/", staff.assign, name="assign"),
    path("staf/<case:number>/ambil/", staff.claim, name="claim"),
    path("staf/<case:number>/alihkan/", staff.reroute, name="reroute"),
    path("staf/<case:number>/catatan/", staff.add_note, name="note"),
    path("staf/<case:number>/tautkan-akun/", staff.link_account, name="link_account"),
    path("staf/<case:number>/pesan/", staff.post_message, name="staff_message"),
    path("staf/<case:number>/jawab/", staff.send_answer, name="answer"),
    path("staf/<case:number>/jawaban/<int:answer>/koreksi/", staff.correct_answer, name="correct_answer"),
]
