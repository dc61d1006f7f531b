"""Forms of an online meeting once its invitation is in hand: messages with the PIC, the
schedule (confirm, reschedule, cancel — then set again or closed) and the report."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consultations.models import AnswerKind, CancelledBy

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


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
    link = forms.CharField(label=_("Tautan rapat"), max_length=500, help_text=_("Diawali http:// atau https://."))
    outside_hours_ok = forms.BooleanField(
        label=_("Rapat memang dijadwalkan di luar jam kerja atau pada hari libur"), required=False
    )

    def moment(self, name: str) -> datetime | None:
        day, at = self.cleaned_data.get("day"), self.cleaned_data.get(name)
        if day is None or at is None:
            return None
        return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


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

    cancelled_by = forms.ChoiceField(label=_("Dibatalkan oleh"), choices=CancelledBy.choices, widget=forms.RadioSelect,
                                     error_messages={"required": _("Pilih siapa yang membatalkan rapat.")})
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
    kinds = forms.MultipleChoiceField(label=_("Jenis jawaban"), choices=AnswerKind.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Pilih paling sedikit satu jenis jawaban.")})
    advice = forms.CharField(label=_("Saran, pendapat, rekomendasi dan/atau tindakan koreksi"),
                             widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
