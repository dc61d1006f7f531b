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
    # Everything the portal does for an applicant today, none of it "coming".
    for duty in (
        "Mengajukan konsultasi melalui website",
        "Membaca jawaban beserta lampirannya di portal",
        "Mengunggah surat yang telah ditandatangani",
        "Mengunggah undangan rapat daring",
        "mengisi survei kepuasan",
    ):
        assert duty in html, duty
    assert "Segera hadir" not in html
    assert "0812-3456-7890" in html  # stored in E.164, shown nationally
    assert "Dinas Pekerjaan Umum Kota Bandung" in html
    assert reverse("admin:index") not in html


@pytest.mark.parametrize(
    ("persona_name", "role_label", "first_list", "directorate"),
    [
        ("front_desk", "Sekretariat Pelayanan", "Surat dan undangan untuk diperiksa", "Tidak terikat direktorat"),
        ("director_hukum", "Direktur", "Surat dan undangan menunggu diterima", "Direktorat Penanganan Permasalahan Hukum"),
        ("team_lead", "Ketua Tim Kerja", "Disposisi untuk diteruskan", "Direktorat Advokasi Pemerintah Pusat"),
        ("staff", "Anggota Tim Kerja / Pegawai", "Konsultasi Anda menurut batas waktu", "Direktorat Advokasi Pemerintah Pusat"),
        ("complaint_handler", "Pengelola Pengaduan", "Pengaduan menurut batas waktu", "Direktorat Advokasi Pemerintah Pusat"),
    ],
)
def test_internal_roles_see_role_directorate_and_their_work_list(client, request, persona_name, role_label, first_list,
                                                                 directorate):
    html = home_html(client, request.getfixturevalue(persona_name))
    assert role_label in html
    assert directorate in html
    # The work list is the page (``test_my_work`` fills it); with nothing waiting, it says so.
    assert "Pekerjaan Anda" in html and first_list in html
    assert "Tidak ada yang menunggu." in html
    assert "Segera hadir" not in html and "Tugas peran Anda" not in html
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
