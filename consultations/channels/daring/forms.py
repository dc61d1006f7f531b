"""Forms of an online meeting once its invitation is in hand: messages with the PIC, the
schedule (confirm, reschedule, cancel — then set again or closed) and the report. They
check every field rule (a web link, a time ahead, the end after the start, office hours
or their confirmation, a known cancelling side, a report dated not after today) and
hand the services typed values; the services check the case's state."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.forms.common import KindsField
from consultations.models import CancelledBy
from consultations.services.office_hours import desk_is_open

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


_HTTP = URLValidator(schemes=["http", "https"])


class MeetingLinkField(forms.CharField):
    """A meeting's link: a web address starting with http:// or https:// (the calendar
    invitation and the e-mails link to it; nothing else may pass as a link)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                _HTTP(value)
            except ValidationError:
                raise ValidationError(
                    _("Tautan rapat harus alamat web yang diawali http:// atau https://."), code="link"
                ) from None


class PicMessageForm(forms.Form):
    body = forms.CharField(label=_("Pesan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Tulis pesannya.")})
    from_pic = forms.BooleanField(label=_("Ini balasan PIC yang saya catat (bukan pesan yang dikirim)"), required=False)


class ScheduleForm(forms.Form):
    day = forms.DateField(label=_("Tanggal rapat"), widget=_DATE,
                          error_messages={"required": _("Isi tanggal rapat."), "invalid": _("Isi tanggal yang benar.")})
    starts = forms.TimeField(label=_("Jam mulai (WIB)"), widget=_TIME,
                             error_messages={"required": _("Isi jam mulai."), "invalid": _("Isi jam yang benar.")})
    ends = forms.TimeField(label=_("Jam selesai (WIB)"), widget=_TIME,
                           error_messages={"required": _("Isi jam selesai."), "invalid": _("Isi jam yang benar.")})
    platform = forms.CharField(label=_("Platform rapat"), max_length=100)
    link = MeetingLinkField(label=_("Tautan rapat"), help_text=_("Diawali http:// atau https://."))
    outside_hours_ok = forms.BooleanField(
        label=_("Rapat memang dijadwalkan di luar jam kerja atau pada hari libur"), required=False
    )

    def moment(self, name: str) -> datetime | None:
        day, at = self.cleaned_data.get("day"), self.cleaned_data.get(name)
        if day is None or at is None:
            return None
        return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())

    def clean(self):
        """The meeting ahead (``timezone.now()``), its end after its start, within the
        office's hours on a working day unless the scheduler confirms otherwise."""
        cleaned = super().clean()
        starts_at, ends_at = self.moment("starts"), self.moment("ends")
        if starts_at is None or ends_at is None:
            return cleaned  # the missing field already says so
        if starts_at <= timezone.now():
            self.add_error("starts", ValidationError(
                _("Waktu rapat sudah lewat; pilih waktu yang akan datang."), code="past"))
        elif ends_at <= starts_at:
            self.add_error("ends", ValidationError(_("Jam selesai harus setelah jam mulai."), code="order"))
        elif not cleaned.get("outside_hours_ok") and not (
            desk_is_open(starts_at) and desk_is_open(ends_at - timedelta(minutes=1))
        ):
            self.add_error("outside_hours_ok", ValidationError(
                _("Waktu ini di luar jam kerja LKPP (atau hari libur). Centang konfirmasi bila rapat memang "
                  "dijadwalkan pada waktu tersebut."),
                code="outside_hours",
            ))
        return cleaned


class ConfirmMeetingForm(ScheduleForm):
    team = forms.TypedMultipleChoiceField(label=_("Tim LKPP"), coerce=int, widget=forms.CheckboxSelectMultiple,
                                          error_messages={"required": _("Pilih paling sedikit satu anggota tim LKPP.")})

    def __init__(self, *args, candidates: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {user.pk: user for user in candidates}
        self.fields["team"].choices = [(u.pk, f"{u.full_name} ({u.get_role_display()})") for u in candidates]

    def members(self) -> list[User]:
        return [self.candidates[pk] for pk in self.cleaned_data.get("team", []) if pk in self.candidates]


class RescheduleForm(ScheduleForm):
    reason = forms.CharField(label=_("Alasan perubahan jadwal"), max_length=500,
                             error_messages={"required": _("Tulis alasan perubahan jadwal.")})


class CancelThen(models.TextChoices):
    """What follows a cancellation: a new schedule, or the case closed."""

    RESCHEDULE = "reschedule", _("Jadwalkan ulang: konsultasi kembali ditangani untuk menetapkan jadwal baru")
    CLOSE = "close", _("Tutup konsultasi sebagai dibatalkan (tanpa laporan rapat dan tanpa survei)")


class CancelMeetingForm(forms.Form):
    """Who called the meeting off, why, and what follows. ``closing_only``: the schedule was
    cancelled before, so what is left is to close the case."""

    cancelled_by = forms.TypedChoiceField(
        label=_("Dibatalkan oleh"), choices=CancelledBy.choices, coerce=CancelledBy, widget=forms.RadioSelect,
        error_messages={"required": _("Pilih siapa yang membatalkan rapat."),
                        "invalid_choice": _("Pilih siapa yang membatalkan rapat: pemohon/PIC atau LKPP.")},
    )
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Ditampilkan kepada pemohon pada halaman konsultasinya."),
                             error_messages={"required": _("Tulis alasan pembatalan.")})
    then = forms.ChoiceField(label=_("Selanjutnya"), choices=CancelThen.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Pilih langkah selanjutnya.")})

    def __init__(self, *args, closing_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if closing_only:
            field = self.fields["then"]
            field.choices = [(CancelThen.CLOSE.value, CancelThen.CLOSE.label)]
            field.initial, field.widget = CancelThen.CLOSE.value, forms.HiddenInput()
            self.fields["reason"].label = _("Alasan penutupan")

    @property
    def closes(self) -> bool:
        return self.cleaned_data.get("then") == CancelThen.CLOSE


class ReportForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal rapat"), widget=_DATE,
                              error_messages={"required": _("Isi tanggal rapat."), "invalid": _("Isi tanggal yang benar.")})
    attendees_lkpp = forms.CharField(label=_("Peserta dari LKPP"), widget=forms.Textarea(attrs={"rows": 2}))
    attendees_applicant = forms.CharField(label=_("Peserta dari pemohon"), widget=forms.Textarea(attrs={"rows": 2}))
    problem = forms.CharField(label=_("Permasalahan"), widget=forms.Textarea(attrs={"rows": 3}))
    discussion = forms.CharField(label=_("Pembahasan"), widget=forms.Textarea(attrs={"rows": 4}))
    kinds = KindsField()
    advice = forms.CharField(label=_("Saran, pendapat, rekomendasi dan/atau tindakan koreksi"),
                             widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_held_on(self) -> date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(_("Tanggal rapat tidak boleh setelah hari ini."), code="future")
        return held_on
