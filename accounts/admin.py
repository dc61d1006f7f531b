"""Admin for accounts: the admin creates every staff account here (never sign-up).

Both forms validate role and directorate with the same rule as the database
constraints, and both save through ``accounts.services`` so that an account made here
is the same as one made by a command (verified e-mail, superuser flag for admins).
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import ReadOnlyPasswordHashField
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin

from . import services
from .models import AccountEvent, ApplicantProfile, Directorate, User
from .roles import INTERNAL_ROLES, Role
from .two_factor import has_authenticator_app

INTERNAL_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in INTERNAL_ROLES]


class _RoleDirectorateMixin:
    """Puts the role/directorate rule's error next to the directorate field."""

    def _post_clean(self) -> None:
        # Once a field is wrong, the model's check constraints would repeat the same rule
        # as an error that belongs to no field. They run (and the database enforces
        # them) as soon as the fields are right.
        if not self.errors:
            super()._post_clean()

    def _check_role_directorate(self, cleaned: dict) -> None:
        role = cleaned.get("role")
        if not role:
            return
        try:
            services.check_role_directorate(role, cleaned.get("directorate"))
        except ValidationError as error:
            self.add_error(None, error)  # the error dict names the field


class InternalUserCreationForm(_RoleDirectorateMixin, forms.ModelForm):
    password1 = forms.CharField(
        label=_("Kata sandi (opsional)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Kosongkan agar pengguna membuat kata sandinya sendiri melalui “Lupa kata sandi?” "
            "di halaman masuk."
        ),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "directorate")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = INTERNAL_ROLE_CHOICES
        self.fields["role"].initial = Role.STAFF
        self.fields["directorate"].help_text = _(
            "Wajib untuk Direktur, Ketua Tim Kerja, Anggota Tim Kerja/Pegawai dan Pengelola "
            "Pengaduan; kosongkan untuk peran lain."
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Sudah ada pengguna dengan alamat e-mail ini."), code="unique")
        return email

    def clean(self):
        cleaned = super().clean()
        self._check_role_directorate(cleaned)
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 or password2:
            if password1 != password2:
                self.add_error("password2", _("Kedua kata sandi tidak sama."))
            else:
                candidate = User(
                    email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or ""
                )
                try:
                    password_validation.validate_password(password1, candidate)
                except ValidationError as error:
                    self.add_error("password1", error)
        return cleaned



class UserChangeForm(_RoleDirectorateMixin, forms.ModelForm):
    password = ReadOnlyPasswordHashField(label=_("Kata sandi"))

    class Meta:
        model = User
        fields = ("full_name", "role", "directorate", "language", "is_active", "notification_digest")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            if self.instance.role == Role.APPLICANT:
                # An applicant stays an applicant; staff get their own account.
                self.fields["role"].choices = [(Role.APPLICANT.value, Role.APPLICANT.label)]
            else:
                self.fields["role"].choices = INTERNAL_ROLE_CHOICES

    def clean(self):
        cleaned = super().clean()
        self._check_role_directorate(cleaned)
        return cleaned


class ApplicantProfileInline(admin.StackedInline):
    model = ApplicantProfile
    can_delete = False
    max_num = 1
    extra = 0
    fields = ("phone", "institution_name", "institution_type", "id_document_type", "masked_id_document_number")
    # The identity document is the applicant's to enter and change; on screen, even an
    # admin's, only its last four characters show (see ApplicantProfile).
    readonly_fields = ("id_document_type", "masked_id_document_number")
    verbose_name = _("profil pemohon")

    @admin.display(description=_("nomor dokumen identitas"))
    def masked_id_document_number(self, profile: ApplicantProfile) -> str:
        return profile.masked_id_document_number or "—"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = InternalUserCreationForm
    list_display = ("email", "full_name", "role", "directorate", "is_active", "date_joined")
    list_filter = ("role", "directorate", "is_active")
    search_fields = ("email", "full_name", "profile__institution_name")
    ordering = ("full_name", "email")
    list_select_related = ("directorate",)
    readonly_fields = ("email", "two_factor", "last_login", "date_joined")
    filter_horizontal = ()
    actions = ["reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("email", "password", "two_factor")}),
        (_("Data pengguna"), {"fields": ("full_name", "language")}),
        (_("Peran"), {"fields": ("role", "directorate", "is_active", "notification_digest")}),
        (_("Riwayat"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "description": _(
                    "Akun pegawai LKPP dibuat di sini; pemohon mendaftar sendiri. Alamat e-mail "
                    "akun baru dianggap sudah terverifikasi sehingga pengguna dapat langsung masuk."
                ),
                "fields": ("email", "full_name", "role", "directorate", "password1", "password2"),
            },
        ),
    )

    @admin.display(description=_("verifikasi dua langkah"))
    def two_factor(self, user: User) -> str:
        if has_authenticator_app(user):
            return _("Aktif (aplikasi autentikator)")
        if user.is_internal:
            return _("Belum aktif: diminta saat masuk berikutnya")
        return _("Tidak aktif (opsional bagi pemohon)")

    @admin.action(description=_("Atur ulang verifikasi dua langkah (ponsel hilang) dan akhiri sesinya"))
    def reset_second_factor(self, request, queryset):
        """A lost phone: the authenticators go, every session of the user ends, and the
        user enrols again at the next sign-in (staff) — recorded as an account event."""
        for user in queryset:
            services.reset_second_factor(user=user, actor=request.user)
            self.log_change(request, user, str(_("Verifikasi dua langkah diatur ulang.")))
            if user.pk == request.user.pk:
                # The admin's own reset ends their other sessions, not this one.
                update_session_auth_hash(request, user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Verifikasi dua langkah %(count)d pengguna diatur ulang; sesinya diakhiri.",
                "Verifikasi dua langkah %(count)d pengguna diatur ulang; sesinya diakhiri.",
                count,
            ) % {"count": count},
            messages.SUCCESS,
        )

    def get_readonly_fields(self, request, obj=None):
        # The address is chosen once, when the admin creates the account; later changes go
        # through the user's own e-mail page, which verifies the new address.
        return self.readonly_fields if obj is not None else ()

    def get_inlines(self, request, obj):
        if obj is not None and obj.role == Role.APPLICANT:
            return [ApplicantProfileInline]
        return []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.admin_update_user(
                user=obj,
                full_name=data["full_name"],
                role=data["role"],
                directorate=data.get("directorate"),
                is_active=data["is_active"],
                language=data["language"],
                notification_digest=data.get("notification_digest"),
            )
            return
        created = services.create_internal_user(
            email=data["email"],
            full_name=data["full_name"],
            role=data["role"],
            directorate=data.get("directorate"),
            password=data.get("password1") or None,
        )
        # The admin goes on with the object it was given (for the log entry and the
        # redirect); make it the row the service wrote.
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False


# allauth's admin of authenticators would let an admin delete one without ending the
# user's sessions or recording it; the user list's reset action does both.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    """The record of sign-in changes; append-only, so read-only here."""

    list_display = ("at", "kind", "user", "actor")
    list_filter = ("kind",)
    search_fields = ("user__email", "actor__email")
    list_select_related = ("user", "actor")


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    """The three directorates come from the standard (data migration): no add, no delete."""

    list_display = ("code", "name", "phone", "letter_code")
    readonly_fields = ("code",)
    fields = ("code", "name", "name_en", "phone", "letter_code")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
