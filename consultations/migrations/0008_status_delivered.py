"""The status after a channel's output is "delivered", not "answered": one word for the
answer sent (website), the answer letter issued, the advice recorded (walk-in) and the
meeting confirmed (online meeting). Each channel shows it in its own words."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    apps.get_model("consultations", "Consultation").objects.filter(status="answered").update(status="delivered")


def backwards(apps, schema_editor):
    apps.get_model("consultations", "Consultation").objects.filter(status="delivered").update(status="answered")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_outbox_moves_to_notifications"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consultation",
            name="status",
            field=models.CharField(
                choices=[
                    ("registered", "Terdaftar"),
                    ("submitted", "Menunggu penugasan"),
                    ("assigned", "Sedang ditangani"),
                    ("delivered", "Selesai"),
                ],
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
