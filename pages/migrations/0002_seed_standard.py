"""Seed the content from the standard itself (SK LKPP No. 234 Tahun 2024).

The Indonesian text is the standard's own wording, split into one list item per line;
only obvious typos were corrected ("pegaduan", "Tidakan", "memasukan", "E- advokasi",
"menulis menginput", "dan atau", capitals in the middle of sentences) and the list
separators ("; dan") dropped, since the page renders each item as a list entry.
The English is ours. Both are the admin's to edit afterwards; this only fills what is
missing, so it never overwrites an edit.

Each channel's requirements and deadline are not seeded: they are the channel registry's
(``consultations.channels``), and the pages read them from there. The columns still
exist at this point in the history (0003 removes them) and are left empty.
"""

from django.db import migrations

LAPOR_URL = "https://www.lapor.go.id/"
EOFFICE_URL = "https://eoffice.lkpp.go.id/persuratan"

STANDARD = {
    "service_name": "Pelayanan Advokasi dan Permasalahan Pengadaan",
    "service_name_en": "Procurement Advocacy and Problem-Solving Service",
    "decree_number": "234 Tahun 2024",
    "decree_number_en": "234 of 2024",
    "cost": "Tidak dipungut biaya",
    "cost_en": "Free of charge",
    "compensation": (
        "Apabila kami tidak menyelesaikan sesuai jangka waktu penyelesaian, kami akan "
        "memberikan kompensasi berupa pemberian prioritas untuk pelayanan berikutnya."
    ),
    "compensation_en": (
        "If we do not complete the service within the time limit, we will compensate you "
        "by giving priority to your next service request."
    ),
    "complaint_follow_up": (
        "Pengaduan, saran dan masukan akan ditindaklanjuti dalam waktu 5 (lima) hari kerja "
        "setelah pengaduan diterima."
    ),
    "complaint_follow_up_en": (
        "Complaints, suggestions and input will be followed up within 5 (five) working days "
        "after the complaint is received."
    ),
    "eoffice_url": EOFFICE_URL,
    "eoffice_recipients": "\n".join([
        "Pelayanan Advokasi dan Permasalahan Pengadaan di Pemerintah Pusat ditujukan kepada "
        "Direktur Advokasi Pemerintah Pusat",
        "Pelayanan Advokasi dan Permasalahan Pengadaan di Pemerintah Daerah ditujukan kepada "
        "Direktur Advokasi Pemerintah Daerah",
        "Pelayanan Permasalahan Hukum ditujukan kepada Direktur Penanganan Permasalahan Hukum",
    ]),
    "eoffice_recipients_en": "\n".join([
        "Procurement advocacy and problem-solving for central government: address it to the "
        "Director of Central Government Advocacy (Direktur Advokasi Pemerintah Pusat)",
        "Procurement advocacy and problem-solving for regional governments: address it to the "
        "Director of Regional Government Advocacy (Direktur Advokasi Pemerintah Daerah)",
        "Legal problems: address it to the Director of Legal Problem Handling "
        "(Direktur Penanganan Permasalahan Hukum)",
    ]),
    "letter_addressees": "\n".join([
        "Direktur Advokasi Pemerintah Pusat",
        "Direktur Advokasi Pemerintah Daerah",
        "Direktur Penanganan Permasalahan Hukum",
    ]),
    "letter_addressees_en": "\n".join([
        "Director of Central Government Advocacy (Direktur Advokasi Pemerintah Pusat)",
        "Director of Regional Government Advocacy (Direktur Advokasi Pemerintah Daerah)",
        "Director of Legal Problem Handling (Direktur Penanganan Permasalahan Hukum)",
    ]),
    "postal_address": "\n".join([
        "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah",
        "Kompleks Rasuna Epicentrum",
        "Jl. Epicentrum Tengah Lot 11 B",
        "Jakarta Selatan 12940",
    ]),
    "lapor_url": LAPOR_URL,
    "lapor_text": "\n".join([
        "Anda juga dapat menyampaikan pengaduan, aspirasi, maupun permintaan informasi "
        "melalui aplikasi LAPOR!",
        "Melalui LAPOR!, Anda dapat menyampaikan permasalahan pelayanan publik yang Anda "
        "temui dalam satu kanal sehingga laporanmu dapat kami sampaikan ke instansi terkait.",
    ]),
    "lapor_text_en": "\n".join([
        "You can also submit complaints, aspirations and requests for information through "
        "the LAPOR! application.",
        "Through LAPOR! you can report any public-service problem you encounter in a single "
        "channel, so that we can pass your report on to the agency concerned.",
    ]),
}

CHANNELS = [
    {
        "code": "surat",
        "sort_order": 10,
        "name": "Surat",
        "name_en": "Letter",
        "summary": "Kirim surat resmi yang ditandatangani kepada pimpinan LKPP atau direktur terkait.",
        "summary_en": "Send a signed official letter to the head of LKPP or the director concerned.",
        "procedure": "\n".join([
            "Penerima layanan menyampaikan surat resmi kepada Kepala LKPP/Deputi Bidang Hukum "
            "dan Penyelesaian Sanggah/Direktur Advokasi Pemerintah Pusat/Direktur Advokasi "
            "Pemerintah Daerah/Direktur Penanganan Permasalahan Hukum.",
            "Surat jawaban disampaikan kepada penerima layanan.",
        ]),
        "procedure_en": "\n".join([
            "The service recipient sends an official letter to the Head of LKPP, the Deputy for "
            "Law and Tender Objection Settlement, the Director of Central Government Advocacy, "
            "the Director of Regional Government Advocacy or the Director of Legal Problem "
            "Handling.",
            "A reply letter is sent to the service recipient.",
        ]),
        "output": (
            "Surat jawaban yang berisi saran/pendapat/rekomendasi dan/atau tindakan koreksi"
        ),
        "output_en": (
            "A reply letter containing advice, an opinion, a recommendation and/or corrective action"
        ),
    },
    {
        "code": "tatap_muka",
        "sort_order": 20,
        "name": "Tatap Muka",
        "name_en": "Walk-in (face to face)",
        "summary": "Datang ke kantor LKPP dan berkonsultasi langsung dengan pegawai yang berwenang.",
        "summary_en": "Come to the LKPP office and consult the authorised staff in person.",
        "procedure": "\n".join([
            "Tamu mendatangi kantor LKPP untuk menyampaikan konsultasi/pertanyaan terkait "
            "Pengadaan Barang/Jasa dengan sebelumnya mengisi formulir layanan dalam Aplikasi "
            "E-Advokasi atau mengisi kertas formulir konsultasi.",
            "Sekretariat pelayanan menerima formulir permohonan konsultasi dan menyampaikannya "
            "ke pegawai yang diberi kewenangan sesuai dengan jenis pelayanan.",
            "Pegawai yang diberi kewenangan menerima dan menelaah formulir permohonan konsultasi "
            "kemudian menemui pihak terkait.",
            "Melakukan konsultasi (pemberian saran, pendapat dan rekomendasi) terhadap "
            "permasalahan yang disampaikan.",
            "Stakeholder menerima masukan, saran, dan rekomendasi; pegawai yang diberi "
            "kewenangan memasukkan saran, pendapat dan rekomendasi ke dalam Aplikasi E-Advokasi.",
        ]),
        "procedure_en": "\n".join([
            "The guest comes to the LKPP office with a consultation or question about the "
            "procurement of goods/services, having filled in the service form in the E-Advokasi "
            "application beforehand or filling in a paper consultation form.",
            "The service secretariat receives the consultation request form and passes it to "
            "the staff authorised for that type of service.",
            "The authorised staff receive and review the consultation request form and then "
            "meet the person concerned.",
            "The consultation is held (advice, opinions and recommendations) on the problem "
            "presented.",
            "The stakeholder receives the input, advice and recommendations; the authorised "
            "staff record the advice, opinions and recommendations in the E-Advokasi application.",
        ]),
        "output": (
            "Jawaban konsultasi berupa saran/pendapat/rekomendasi dan/atau tindakan koreksi "
            "secara lisan"
        ),
        "output_en": (
            "A spoken consultation answer: advice, an opinion, a recommendation and/or "
            "corrective action"
        ),
    },
    {
        "code": "website",
        "sort_order": 30,
        "name": "Website",
        "name_en": "Website",
        "summary": "Tulis permasalahan Anda di portal ini dan unggah dokumen pendukung.",
        "summary_en": "Describe your problem on this portal and upload supporting documents.",
        "procedure": "\n".join([
            "Pemohon membuka Sistem Pelayanan Konsultasi LKPP (Aplikasi E-Advokasi), kemudian "
            "memilih menu sesuai permasalahan dan menuliskan permasalahan; jika terdapat data "
            "pendukung, pemohon dapat mengunggah file tersebut dalam Aplikasi E-Advokasi, "
            "selanjutnya mengirim permasalahan tersebut ke dalam Aplikasi E-Advokasi LKPP.",
            "Petugas layanan/staf membuka Aplikasi E-Advokasi, membaca pertanyaan dan memproses "
            "jawaban sesuai dengan prosedur dan permasalahan yang disampaikan.",
            "Stakeholder menerima jawaban/rekomendasi melalui e-mail.",
        ]),
        "procedure_en": "\n".join([
            "The applicant opens the LKPP Consultation Service System (the E-Advokasi "
            "application), chooses the menu that matches the problem and describes it; "
            "supporting data, if any, can be uploaded as files in the application; the "
            "applicant then submits the problem in the E-Advokasi application.",
            "The service officer or staff member opens the E-Advokasi application, reads the "
            "question and prepares the answer according to the procedure and the problem "
            "presented.",
            "The stakeholder receives the answer or recommendation by e-mail.",
        ]),
        "output": (
            "Jawaban konsultasi melalui website berupa saran, pendapat, rekomendasi, dan "
            "tindakan koreksi"
        ),
        "output_en": (
            "A written consultation answer on the website: advice, an opinion, a "
            "recommendation and corrective action"
        ),
    },
    {
        "code": "daring",
        "sort_order": 40,
        "name": "Tatap Muka Secara Daring",
        "name_en": "Online meeting",
        "summary": "Undang direktur terkait ke rapat daring untuk membahas permasalahan Anda.",
        "summary_en": "Invite the director concerned to an online meeting about your problem.",
        "procedure": "\n".join([
            "Menyampaikan undangan rapat terkait permasalahan yang akan dikonsultasikan "
            "ditujukan kepada Direktur Advokasi Pemerintah Pusat/Direktur Advokasi Pemerintah "
            "Daerah/Direktur Penanganan Permasalahan Hukum melalui sistem persuratan LKPP pada "
            f"laman {EOFFICE_URL} atau dikirimkan secara langsung ke kantor LKPP.",
            "Direktur menerima surat dan memberi petunjuk mengenai permohonan tersebut kemudian "
            "mendisposisikan kepada Ketua/Anggota Tim Kerja Direktorat untuk menindaklanjuti.",
            "Ketua/Anggota Tim Kerja Direktorat menerima disposisi dari Direktur dan melakukan "
            "koordinasi dengan PIC Pemohon terkait pelaksanaan kegiatan.",
        ]),
        "procedure_en": "\n".join([
            "Send a meeting invitation about the problem to be consulted, addressed to the "
            "Director of Central Government Advocacy, the Director of Regional Government "
            "Advocacy or the Director of Legal Problem Handling, through the LKPP "
            f"correspondence system at {EOFFICE_URL} or delivered in person to the LKPP office.",
            "The Director receives the letter, gives instructions on the request and assigns "
            "it to a team lead or team member of the directorate to follow up.",
            "The team lead or member receives the assignment from the Director and coordinates "
            "the meeting with the applicant's contact person (PIC).",
        ]),
        "output": (
            "Laporan hasil pertemuan berisi saran/pendapat/rekomendasi dan/atau tindakan "
            "koreksi secara lisan"
        ),
        "output_en": (
            "A meeting report with the advice, opinion, recommendation and/or corrective "
            "action given orally in the meeting"
        ),
    },
]


def seed(apps, schema_editor):
    ServiceStandard = apps.get_model("pages", "ServiceStandard")
    ChannelStandard = apps.get_model("pages", "ChannelStandard")
    if not ServiceStandard.objects.exists():
        ServiceStandard.objects.create(**STANDARD)
    for channel in CHANNELS:
        ChannelStandard.objects.get_or_create(code=channel["code"], defaults=channel)


def unseed(apps, schema_editor):
    apps.get_model("pages", "ChannelStandard").objects.all().delete()
    apps.get_model("pages", "ServiceStandard").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_content")]
    operations = [migrations.RunPython(seed, unseed)]
