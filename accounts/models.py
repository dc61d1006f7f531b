"""Users, roles and directorates.

One user model for everybody. A user has exactly one role (``accounts.roles``); the roles that work inside
a directorate (director, team lead, staff, complaint handler) belong to exactly one.
Applicants sign up themselves; every other role is created by an admin.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Role lives in accounts/roles.py with every grouping of roles; it is imported here for
# the fields and re-exported, so ``from accounts.models import Role`` keeps working.
from core.records import AppendOnlyModel

from .roles import DIRECTORATE_ROLES, INTERNAL_ROLES, Role
from .validators import PHONE_MAX_LENGTH, validate_identity_number, validate_phone

__all__ = [
    "AccountEvent",
    "ApplicantProfile",
    "Directorate",
    "IdentityDocumentType",
    "InstitutionType",
    "Role",
    "User",
    "UserManager",
    "UserQuerySet",
]

# Sorted: a frozenset's order changes with each process's hash seed, and the constraints
# below would then look changed to makemigrations every time.
_DIRECTORATE_ROLE_VALUES = sorted(r.value for r in DIRECTORATE_ROLES)


class Directorate(models.Model):
    """One of the three directorates; created by a data migration, not by users."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200)
    phone = models.CharField(_("telepon pengaduan"), max_length=60)
    # The directorate's code in an outgoing letter's number (``B-0001/D.3/11/2026``).
    letter_code = models.CharField(_("kode surat keluar"), max_length=20, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("direktorat")
        verbose_name_plural = _("direktorat")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_en if get_language() == "en" else self.name


class UserQuerySet(models.QuerySet["User"]):
    def in_directorate(self, directorate: Directorate) -> UserQuerySet:
        return self.filter(directorate=directorate, is_active=True)

    def applicants(self) -> UserQuerySet:
        return self.filter(role=Role.APPLICANT)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("role", Role.APPLICANT)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields["role"] = Role.ADMIN
        fields["is_superuser"] = True
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("alamat e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    directorate = models.ForeignKey(
        Directorate,
        verbose_name=_("direktorat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    language = models.CharField(
        _("bahasa"), max_length=5, choices=[("id", "Bahasa Indonesia"), ("en", "English")], default="id"
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # A director's choice: one e-mail a day listing the directorate's at-risk and late
    # cases, instead of an e-mail per case (the in-app notices come either way).
    notification_digest = models.BooleanField(
        _("ringkasan harian"),
        default=False,
        help_text=_("Satu e-mail per hari berisi konsultasi yang hampir jatuh tempo dan yang terlambat."),
    )
    date_joined = models.DateTimeField(_("terdaftar sejak"), default=timezone.now)
    # Mixed into the session hash: changing it signs the user out everywhere, as a new
    # password does (an admin's reset of a lost second factor). Empty until the first
    # change, so that the hash of every existing session stays Django's own.
    session_stamp = models.CharField(max_length=32, blank=True, default="", editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="directorate_role_has_directorate",
                condition=~Q(role__in=_DIRECTORATE_ROLE_VALUES) | Q(directorate__isnull=False),
                violation_error_message=_("Peran ini wajib memiliki direktorat."),
            ),
            models.CheckConstraint(
                name="non_directorate_role_has_none",
                condition=Q(role__in=_DIRECTORATE_ROLE_VALUES) | Q(directorate__isnull=True),
                violation_error_message=_("Peran ini tidak terikat pada direktorat."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    # Django admin asks for is_staff; only the admin role may use it.
    @property
    def is_staff(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_internal(self) -> bool:
        return self.role in INTERNAL_ROLES

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def _get_session_auth_hash(self, secret=None) -> str:
        # Django's hash of the password (its own salt, so that an empty stamp leaves every
        # session valid), with the session stamp: a session stays valid while both are
        # unchanged. Django calls this for the current key and each fallback key.
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        return salted_hmac(
            key_salt, self.password + self.session_stamp, secret=secret, algorithm="sha256"
        ).hexdigest()

    def get_short_name(self) -> str:
        """The first given name, for greetings: "Dr. Pusaka Wibowo" is Pusaka, not "Dr."."""
        if not self.full_name:
            return self.email
        # Degrees follow the name after a comma ("Hendra Hukumsyah, S.H.").
        words = self.full_name.split(",")[0].split()
        for word in words:
            if word.rstrip(".").lower() not in NAME_PREFIX_TITLES:
                return word
        return self.full_name  # nothing but titles: greet by the whole name


# Titles Indonesians write before a name (academic, professional, religious, forms of
# address); a greeting uses the first word that is not one of them.
NAME_PREFIX_TITLES = frozenset(
    {"dr", "drs", "dra", "drg", "ir", "prof", "h", "hj", "kh", "apt", "ns", "bapak", "bpk", "ibu"}
)


class InstitutionType(models.TextChoices):
    KL = "kl", _("Kementerian/Lembaga (K/L)")
    PEMDA = "pemda", _("Pemerintah Daerah (Pemda)")
    BUMN_BUMD = "bumn_bumd", _("BUMN/BUMD")
    PENYEDIA = "penyedia", _("Penyedia/badan usaha")
    PERORANGAN = "perorangan", _("Perorangan/umum")
    LAINNYA = "lainnya", _("Lainnya")


class IdentityDocumentType(models.TextChoices):
    KTP = "ktp", _("KTP")
    SIM = "sim", _("SIM")
    KARTU_PEGAWAI = "kartu_pegawai", _("Kartu Pegawai")
    PASPOR = "paspor", _("Paspor")


class ApplicantProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(_("nomor telepon"), max_length=PHONE_MAX_LENGTH, validators=[validate_phone])
    institution_name = models.CharField(_("nama instansi/badan usaha"), max_length=200)
    institution_type = models.CharField(
        _("jenis instansi"), max_length=20, choices=InstitutionType.choices
    )
    id_document_type = models.CharField(
        _("jenis tanda pengenal"), max_length=20, choices=IdentityDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(
        _("nomor tanda pengenal"), max_length=30, blank=True, validators=[validate_identity_number]
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("profil pemohon")
        verbose_name_plural = _("profil pemohon")
        constraints = [
            models.CheckConstraint(
                name="id_document_number_needs_type",
                condition=Q(id_document_number="") | ~Q(id_document_type=""),
                violation_error_message=_("Pilih jenis tanda pengenal untuk nomor ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_institution_type_display()})"

    @property
    def masked_id_document_number(self) -> str:
        """Show only the last four characters; the rest is nobody's business on screen."""
        number = self.id_document_number
        if not number:
            return ""
        visible = number[-4:]
        return "•" * max(len(number) - 4, 4) + visible


class AccountEvent(AppendOnlyModel):
    """What happened to an account's sign-in that somebody may later ask about: who
    reset whose second factor, when an authenticator app was added or removed."""

    class Kind(models.TextChoices):
        FACTOR_ADDED = "factor_added", _("Aplikasi autentikator diaktifkan")
        FACTOR_REMOVED = "factor_removed", _("Aplikasi autentikator dinonaktifkan")
        FACTOR_RESET = "factor_reset", _("Verifikasi dua langkah diatur ulang oleh admin")

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.PROTECT, related_name="account_events"
    )
    actor = models.ForeignKey(
        User, verbose_name=_("oleh"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("riwayat akun")
        verbose_name_plural = _("riwayat akun")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user}"
