"""Each role's starting page after login."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def home_html(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_applicant_sees_profile_summary_and_what_they_can_do(client, applicant_a):
    html = home_html(client, applicant_a)
    assert "Selamat datang, Ayu" in html
    assert "Yang dapat Anda lakukan" in html
    assert "Mengajukan konsultasi melalui website" in html
    assert "Membaca jawaban beserta lampirannya di portal" in html
    # What is not built yet is listed as coming, after everything that works today.
    coming = html.index("Segera hadir")
    assert html.index("Mengunggah surat yang telah ditandatangani") < html.index("Segera hadir")
    for unbuilt in ("Mengunggah undangan rapat daring", "mengisi survei kepuasan"):
        assert html.index(unbuilt) > coming, unbuilt
    assert "0812-3456-7890" in html  # stored in E.164, shown nationally and "Dinas Pekerjaan Umum Kota Bandung" in html
    assert reverse("admin:index") not in html


@pytest.mark.parametrize(
    ("persona_name", "role_label", "duty", "coming", "directorate"),
    [
        ("front_desk", "Sekretariat Pelayanan", "Memantau antrean konsultasi website", "Mencatat tamu tatap muka", "Tidak terikat direktorat"),
        ("director_hukum", "Direktur", "Menugaskan konsultasi kepada ketua", "Menerima undangan rapat daring", "Direktorat Penanganan Permasalahan Hukum"),
        ("team_lead", "Ketua Tim Kerja", "Menelaah permohonan yang ditugaskan", "Mengoordinasikan rapat daring", "Direktorat Advokasi Pemerintah Pusat"),
        ("staff", "Anggota Tim Kerja / Pegawai", "Menyusun dan mengirim jawaban", "Menerima tamu tatap muka", "Direktorat Advokasi Pemerintah Pusat"),
        ("complaint_handler", "Pengelola Pengaduan", None, "paling lambat 5 hari kerja", "Direktorat Advokasi Pemerintah Pusat"),
    ],
)
def test_internal_roles_see_role_directorate_and_duties(client, request, persona_name, role_label, duty, coming, directorate):
    html = home_html(client, request.getfixturevalue(persona_name))
    assert "Tugas peran Anda" in html
    assert role_label in html
    if duty is not None:
        assert html.index(duty) < html.index("Segera hadir")
    # Duties of features not built yet are listed as coming, not as if they worked.
    assert html.index(coming) > html.index("Segera hadir")
    assert directorate in html
    assert "Buka halaman administrasi" not in html


def test_admin_sees_a_link_to_the_admin(client, admin_user):
    html = home_html(client, admin_user)
    assert "Buka halaman administrasi" in html
    assert f'href="{reverse("admin:index")}"' in html
    assert client.get(reverse("admin:index")).status_code == 200


def test_directorate_name_follows_the_language(client, director_daerah):
    director_daerah.language = "en"
    director_daerah.save()
    html = home_html(client, director_daerah)
    assert '<html lang="en">' in html
    assert "Directorate of Regional Government Advocacy" in html
