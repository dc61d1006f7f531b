from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
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
from .roles import INTERNAL_ROLES
from .services import set_notification_digest, update_applicant_profile

# What an applicant and the admin can do in the portal, on their starting page. The
# other roles' starting page is their work list (the desks' ``core.panels.HOME``
# panels: ``consultations.my_work``, ``complaints.home``).
ROLE_DUTIES = {
    Role.APPLICANT: [
        gettext_lazy("Mengajukan konsultasi melalui website, dengan lampiran pendukung."),
        gettext_lazy("Memantau status dan tenggat setiap permohonan."),
        gettext_lazy("Membaca jawaban beserta lampirannya di portal; jawaban juga dikirim melalui e-mail."),
        gettext_lazy("Mengunggah surat yang telah ditandatangani dan mengunduh surat jawabannya dalam PDF."),
        gettext_lazy("Mengunggah undangan rapat daring yang telah ditandatangani."),
        gettext_lazy("Menyampaikan pengaduan, keberatan, saran atau masukan, dan mengisi survei kepuasan."),
    ],
    Role.ADMIN: [
        gettext_lazy("Mengelola pengguna, peran dan direktorat."),
        gettext_lazy("Mengelola kategori permasalahan, kalender hari libur dan isi standar pelayanan."),
        gettext_lazy("Mengatur format nomor surat keluar dan kode surat setiap direktorat."),
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
        "applicant_profile": selectors.applicant_profile(user),
        # What the desks add for this person: what they are owed, and a staff role's
        # work list (the page itself for every role but the applicant and the admin).
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


@roles(INTERNAL_ROLES)
@require_POST
def session_activity(request):
    """A staff page says its user is typing or clicking (static/js/session-activity.js),
    so that somebody writing a long answer for half an hour is not idle: the request
    itself restarts the idle clock (``accounts.sessions``). An ended session never gets
    here — the middleware answers first — and the page then warns that its text is
    still on screen, to be copied before signing in again."""
    return HttpResponse(status=204)
