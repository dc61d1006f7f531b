from django.urls import path, register_converter

from . import channels
from .views import answer_templates, applicant, dashboard, files, staff


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
    path("<case:number>/", applicant.detail, name="detail"),
    path("<case:number>/pesan/", applicant.post_message, name="message"),
    # Downloads (applicants and staff alike; access is checked per file)
    path("lampiran/<int:pk>/", files.download, name="attachment"),
    # Staff workspace
    path("staf/", staff.queue, name="queue"),
    # The SLA dashboard (directors: their directorate; the admin: all), before the case
    # pages so that "dasbor" is never read as a case number
    path("staf/dasbor/", dashboard.dashboard, name="dashboard"),
    path("staf/dasbor/unduh.csv", dashboard.export_csv, name="dashboard_csv"),
    path("staf/dasbor/unduh.xlsx", dashboard.export_xlsx, name="dashboard_xlsx"),
    # A directorate's answer templates, kept by its Director and team leads
    path("staf/templat-jawaban/", answer_templates.index, name="answer_templates"),
    path("staf/templat-jawaban/baru/", answer_templates.new, name="answer_template_new"),
    path("staf/templat-jawaban/<int:pk>/ubah/", answer_templates.edit, name="answer_template_edit"),
    path("staf/templat-jawaban/<int:pk>/nonaktifkan/", answer_templates.deactivate, name="answer_template_deactivate"),
    path("staf/templat-jawaban/<int:pk>/aktifkan/", answer_templates.reactivate, name="answer_template_reactivate"),
    path("staf/<case:number>/", staff.detail, name="staff_detail"),
    path("staf/<case:number>/sisipkan-templat/", answer_templates.insert, name="answer_template_insert"),
    path("staf/<case:number>/tugaskan/", staff.assign, name="assign"),
    path("staf/<case:number>/ambil/", staff.claim, name="claim"),
    path("staf/<case:number>/alihkan/", staff.reroute, name="reroute"),
    path("staf/<case:number>/catatan/", staff.add_note, name="note"),
    path("staf/<case:number>/tautkan-akun/", staff.link_account, name="link_account"),
    path("staf/<case:number>/pesan/", staff.post_message, name="staff_message"),
    # Each channel's own addresses, from its package (the registry: channels.urlpatterns).
    *channels.urlpatterns(),
]
