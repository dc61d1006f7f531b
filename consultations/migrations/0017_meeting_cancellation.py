"""A cancelled online meeting is not a delivered one (docs/decisions/0007): who called it
off, why and when, on the meeting; the case's CANCELLED status (closed without output,
its clock closed without a verdict); the dashboard's monthly count of such cases.

Meetings cancelled before this had no way back (the case stayed DELIVERED, "on time",
with nothing left to do): they are closed as cancelled, at the moment they were
cancelled, with the reason their event recorded; who called them off was not asked and
stays empty."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def close_earlier_cancellations(apps, schema_editor):
    meeting_model = apps.get_model("consultations", "Meeting")
    case_model = apps.get_model("consultations", "Consultation")
    event_model = apps.get_model("consultations", "Event")
    for meeting in meeting_model.objects.filter(status="cancelled", cancelled_at__isnull=True):
        event = (
            event_model.objects.filter(consultation_id=meeting.pk, type="meeting_cancelled").order_by("-at", "-id").first()
        )
        meeting.cancelled_at = event.at if event is not None else meeting.updated_at
        meeting.cancel_reason = (event.data or {}).get("reason", "") if event is not None else ""
        meeting.save(update_fields=["cancelled_at", "cancel_reason"])
        case_model.objects.filter(pk=meeting.pk, status="delivered").update(
            status="cancelled", completed_at=meeting.cancelled_at, completed_on_time=None, working_days_taken=None
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_phones_e164'),
        ('consultations', '0016_phones_e164_and_credit_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='consultation',
            name='consultation_completion_is_judged',
        ),
        migrations.AddField(
            model_name='casemonth',
            name='cancelled',
            field=models.PositiveIntegerField(default=0, verbose_name='dibatalkan'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='cancel_reason',
            field=models.TextField(blank=True, verbose_name='alasan pembatalan'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='cancel_recorded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='pembatalan dicatat oleh'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dibatalkan pada'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='cancelled_by',
            field=models.CharField(blank=True, choices=[('pic', 'Pemohon/PIC'), ('lkpp', 'LKPP')], max_length=10, verbose_name='dibatalkan oleh'),
        ),
        migrations.AlterField(
            model_name='consultation',
            name='status',
            field=models.CharField(choices=[('registered', 'Terdaftar'), ('submitted', 'Menunggu penugasan'), ('assigned', 'Sedang ditangani'), ('delivered', 'Selesai'), ('returned', 'Dikembalikan kepada pengirim'), ('cancelled', 'Dibatalkan')], max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='event',
            name='type',
            field=models.CharField(choices=[('submitted', 'Konsultasi diajukan'), ('assigned', 'Petugas ditugaskan'), ('claimed', 'Diambil untuk ditangani'), ('rerouted', 'Dialihkan ke direktorat lain'), ('note_added', 'Catatan internal ditambahkan'), ('message_posted', 'Pesan dikirim'), ('answer_sent', 'Jawaban dikirim'), ('answer_corrected', 'Koreksi jawaban dikirim'), ('deadline_recomputed', 'Batas waktu dihitung ulang'), ('deadline_at_risk', 'Pengingat: batas waktu hampir habis'), ('deadline_breached', 'Batas waktu terlampaui'), ('letter_registered', 'Surat didaftarkan'), ('letter_checked', 'Kelengkapan surat diperiksa'), ('letter_returned', 'Surat dikembalikan karena belum lengkap'), ('letter_received', 'Surat diterima Direktur'), ('disposed', 'Disposisi'), ('draft_written', 'Konsep jawaban disusun'), ('draft_reviewed', 'Konsep jawaban ditelaah'), ('answer_letter_issued', 'Surat jawaban diterbitkan'), ('visit_registered', 'Kunjungan tatap muka didaftarkan'), ('guest_handed_off', 'Tamu diserahkan kepada petugas'), ('guest_accepted', 'Tamu diterima petugas'), ('more_time_needed', 'Konsultasi memerlukan waktu lebih'), ('advice_recorded', 'Saran dicatat'), ('pic_message', 'Pesan dengan PIC'), ('meeting_confirmed', 'Jadwal rapat dikonfirmasi'), ('meeting_rescheduled', 'Jadwal rapat diubah'), ('meeting_cancelled', 'Rapat dibatalkan'), ('meeting_closed_cancelled', 'Konsultasi ditutup: rapat dibatalkan'), ('report_written', 'Laporan rapat disusun'), ('report_approved', 'Laporan rapat disetujui dan dikirim'), ('account_linked', 'Ditautkan ke akun pemohon')], max_length=30, verbose_name='jenis'),
        ),
        migrations.RunPython(close_earlier_cancellations, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name='consultation',
            constraint=models.CheckConstraint(condition=models.Q(('completed_at__isnull', True), ('completed_on_time__isnull', False), ('status', 'cancelled'), _connector='OR'), name='consultation_completion_is_judged'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('cancelled_at__isnull', False), ('status', 'cancelled')), models.Q(('cancel_reason', ''), ('cancel_recorded_by__isnull', True), ('cancelled_at__isnull', True), ('cancelled_by', ''), ('status', 'confirmed')), _connector='OR'), name='meeting_cancellation_recorded'),
        ),
    ]
