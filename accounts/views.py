from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from core import panels

from . import selectors
from .access import public, roles, signed_in
from .forms import NotificationSettingsForm, ProfileForm
from .models import Role
from .services import set_notification_digest, update_applicant_profile

# What each role can do in the portal today; shown on the role's starting page.
ROLE_DUTIES = {
    Role.APPLICANT: [
        gettext_lazy("Mengajukan konsultasi melalui website, dengan lampiran pendukung."),
        gettext_lazy("Memantau status dan tenggat setiap permohonan."),
        gettext_lazy("Membaca jawaban beserta lampirannya di portal; jawaban juga dikirim melalui e-mail."),
        gettext_lazy("Mengunggah surat yang telah ditandatangani dan mengunduh surat jawabannya dalam PDF."),
    ],
    Role.FRONT_DESK: [
        gettext_lazy("Memantau antrean konsultasi website seluruh direktorat."),
        gettext_lazy("Mendaftarkan surat fisik dan surat e-office, memeriksa kelengkapannya butir demi butir, dan "
                     "meneruskannya ke meja Direktur atau mengembalikannya kepada pengirim."),
    ],
    Role.DIRECTOR: [
        gettext_lazy("Menugaskan konsultasi kepada ketua atau anggota tim kerja."),
        gettext_lazy("Memantau tenggat seluruh permohonan di direktorat."),
        gettext_lazy("Menerima surat (penerimaan memulai tenggat 15 hari kerja), mendisposisikannya dengan instruksi "
                     "tertulis, menyetujui dan menerbitkan surat jawaban."),
    ],
    Role.TEAM_LEAD: [
        gettext_lazy("Menelaah permohonan yang ditugaskan dan membagi pekerjaan dalam tim."),
        gettext_lazy("Menyusun dan mengirim jawaban: saran, pendapat, rekomendasi atau tindakan koreksi."),
        gettext_lazy("Meneruskan disposisi surat kepada anggota tim dan menelaah konsep surat jawaban."),
    ],
    Role.STAFF: [
        gettext_lazy("Menelaah permohonan yang ditugaskan kepada Anda."),
        gettext_lazy("Menyusun dan mengirim jawaban: saran, pendapat, rekomendasi atau tindakan koreksi."),
        gettext_lazy("Menyusun konsep surat jawaban atas surat yang didisposisikan kepada Anda."),
    ],
    Role.COMPLAINT_HANDLER: [],
    Role.ADMIN: [
        gettext_lazy("Mengelola pengguna, peran dan direktorat."),
        gettext_lazy("Mengelola kategori permasalahan, kalender hari libur dan isi standar pelayanan."),
        gettext_lazy("Mengatur format nomor surat keluar dan kode surat setiap direktorat."),
    ],
}

# The rest of each role's work in SPEC.md, not built yet: listed as coming, never as if it worked.
ROLE_COMING = {
    Role.APPLICANT: [
        gettext_lazy("Mengunggah undangan rapat daring yang telah ditandatangani."),
        gettext_lazy("Menyampaikan pengaduan, keberatan, saran atau masukan, dan mengisi survei kepuasan."),
    ],
    Role.FRONT_DESK: [
        gettext_lazy("Mencatat tamu tatap muka dan undangan rapat yang diterima di kantor."),
        gettext_lazy("Memeriksa daftar persyaratan tamu tatap muka dan undangan rapat daring."),
        gettext_lazy("Meneruskan formulir kepada pegawai yang berwenang sesuai jenis layanan."),
        gettext_lazy("Mencatat pengaduan yang diterima melalui telepon atau surat."),
    ],
    Role.DIRECTOR: [
        gettext_lazy("Menerima undangan rapat daring; penerimaan ini memulai perhitungan tenggat."),
    ],
    Role.TEAM_LEAD: [
        gettext_lazy("Menerima tamu tatap muka dan mencatat saran yang diberikan."),
        gettext_lazy("Mengoordinasikan rapat daring dengan narahubung pemohon dan menyusun laporan rapat."),
    ],
    Role.STAFF: [
        gettext_lazy("Menerima tamu tatap muka dan mencatat saran yang diberikan."),
        gettext_lazy("Mengoordinasikan rapat daring dengan narahubung pemohon dan menyusun laporan rapat."),
    ],
    Role.COMPLAINT_HANDLER: [
        gettext_lazy("Menindaklanjuti pengaduan, keberatan, saran dan masukan paling lambat 5 hari kerja."),
        gettext_lazy("Memberi kabar tindak lanjut kepada pelapor."),
    ],
    Role.ADMIN: [
        gettext_lazy("Mengelola jam layanan dan templat e-mail."),
    ],
}


@public
@require_POST
def set_language(request):
    """The language switch; a signed-in user's choice is also saved for e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in ("id", "en"):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@public
def admin_login(request):
    """The admin's own login page is replaced by the site's (e-mail login, throttled)."""
    target = request.GET.get("next", "")
    # Only a path on this site: "?next=https://elsewhere" must not turn the admin's
    # login URL into an open redirect.
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("admin:index")
    if request.user.is_staff:
        return redirect(target)
    if request.user.is_authenticated:
        # Signed in but not an admin: say so rather than loop through the login page.
        raise PermissionDenied(_("Halaman administrasi hanya untuk peran Admin."))
    return redirect_to_login(target, reverse("account_login"))


@signed_in
def home(request):
    """Where signing in lands: each role's starting page."""
    user = request.user
    context = {
        "user_role": Role(user.role),
        "duties": ROLE_DUTIES.get(Role(user.role), []),
        "coming": ROLE_COMING.get(Role(user.role), []),
        "applicant_profile": selectors.applicant_profile(user),
        # What the desks add for this person (what they are owed, their work).
        "home_panels": panels.render(panels.HOME, request),
    }
    return render(request, "accounts/home.html", context)


@signed_in
def profile(request):
    applicant_profile = selectors.applicant_profile(request.user)
    context = {
        "applicant_profile": applicant_profile,
        # Directors choose per-case deadline e-mails or a daily digest.
        "chooses_digest": request.user.role == Role.DIRECTOR,
    }
    return render(request, "accounts/profile.html", context)


@roles(Role.APPLICANT)
def profile_edit(request):
    form = ProfileForm.for_user(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        update_applicant_profile(
            user=request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            **form.profile_values(),
        )
        messages.success(request, _("Profil Anda telah disimpan."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@roles(Role.DIRECTOR)
def notification_settings(request):
    """A director chooses per-case deadline e-mails or one daily digest."""
    initial = {"digest": "1" if request.user.notification_digest else "0"}
    form = NotificationSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        set_notification_digest(user=request.user, digest=form.cleaned_data["digest"])
        messages.success(request, _("Pengaturan pemberitahuan Anda telah disimpan."))
        return redirect("accounts:profile")
    return render(request, "accounts/notification_settings.html", {"form": form})
