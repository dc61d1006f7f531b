"""One person across channels: contact phone numbers in the stored form (E.164,
``accounts.phones``; a number that does not parse is kept and reported, never dropped),
and priority credits keyed by the contact's e-mail and phone (both) instead of one
``contact_key``, recomputed from each credit's breached case."""

from django.conf import settings
from django.db import migrations, models

PHONES = [
    ("consultations", "Consultation", "contact_phone"),
    ("consultations", "MeetingInvitation", "pic_phone"),
    ("consultations", "VisitForm", "phone"),
]


def convert_phones(apps, schema_editor):
    from accounts.phones import convert_stored_phones

    convert_stored_phones(apps, PHONES)


def key_credits(apps, schema_editor):
    from consultations.models.credits import contact_keys

    credit_model = apps.get_model("consultations", "PriorityCredit")
    credits = list(credit_model.objects.select_related("granted_for"))
    for credit in credits:
        case = credit.granted_for
        credit.email_key, credit.phone_key = contact_keys(email=case.contact_email, phone=case.contact_phone)
    credit_model.objects.bulk_update(credits, ["email_key", "phone_key"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0008_phones_e164'),
        ('consultations', '0015_meeting_channel'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='prioritycredit',
            name='email_key',
            field=models.CharField(blank=True, max_length=32, verbose_name='kunci e-mail'),
        ),
        migrations.AddField(
            model_name='prioritycredit',
            name='phone_key',
            field=models.CharField(blank=True, max_length=32, verbose_name='kunci telepon'),
        ),
        migrations.AddField(
            model_name='prioritycredit',
            name='moved_to_account_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dipindahkan ke akun pada'),
        ),
        migrations.AlterField(
            model_name='event',
            name='type',
            field=models.CharField(choices=[('submitted', 'Konsultasi diajukan'), ('assigned', 'Petugas ditugaskan'), ('claimed', 'Diambil untuk ditangani'), ('rerouted', 'Dialihkan ke direktorat lain'), ('note_added', 'Catatan internal ditambahkan'), ('message_posted', 'Pesan dikirim'), ('answer_sent', 'Jawaban dikirim'), ('answer_corrected', 'Koreksi jawaban dikirim'), ('deadline_recomputed', 'Batas waktu dihitung ulang'), ('deadline_at_risk', 'Pengingat: batas waktu hampir habis'), ('deadline_breached', 'Batas waktu terlampaui'), ('letter_registered', 'Surat didaftarkan'), ('letter_checked', 'Kelengkapan surat diperiksa'), ('letter_returned', 'Surat dikembalikan karena belum lengkap'), ('letter_received', 'Surat diterima Direktur'), ('disposed', 'Disposisi'), ('draft_written', 'Konsep jawaban disusun'), ('draft_reviewed', 'Konsep jawaban ditelaah'), ('answer_letter_issued', 'Surat jawaban diterbitkan'), ('visit_registered', 'Kunjungan tatap muka didaftarkan'), ('guest_handed_off', 'Tamu diserahkan kepada petugas'), ('guest_accepted', 'Tamu diterima petugas'), ('more_time_needed', 'Konsultasi memerlukan waktu lebih'), ('advice_recorded', 'Saran dicatat'), ('pic_message', 'Pesan dengan PIC'), ('meeting_confirmed', 'Jadwal rapat dikonfirmasi'), ('meeting_rescheduled', 'Jadwal rapat diubah'), ('meeting_cancelled', 'Rapat dibatalkan'), ('report_written', 'Laporan rapat disusun'), ('report_approved', 'Laporan rapat disetujui dan dikirim'), ('account_linked', 'Ditautkan ke akun pemohon')], max_length=30, verbose_name='jenis'),
        ),
        migrations.RunPython(convert_phones, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(key_credits, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(
            model_name='prioritycredit',
            name='credit_has_an_owner',
        ),
        migrations.RemoveIndex(
            model_name='prioritycredit',
            name='credit_contact_unused_idx',
        ),
        migrations.RemoveField(
            model_name='prioritycredit',
            name='contact_key',
        ),
        migrations.AddIndex(
            model_name='prioritycredit',
            index=models.Index(condition=models.Q(('used_by__isnull', True)), fields=['email_key', 'granted_at'], name='credit_email_unused_idx'),
        ),
        migrations.AddIndex(
            model_name='prioritycredit',
            index=models.Index(condition=models.Q(('used_by__isnull', True)), fields=['phone_key', 'granted_at'], name='credit_phone_unused_idx'),
        ),
        migrations.AddConstraint(
            model_name='prioritycredit',
            constraint=models.CheckConstraint(condition=models.Q(('applicant__isnull', False), models.Q(('email_key', ''), _negated=True), models.Q(('phone_key', ''), _negated=True), _connector='OR'), name='credit_has_an_owner'),
        ),
    ]
