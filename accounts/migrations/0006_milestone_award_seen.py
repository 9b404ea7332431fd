"""A milestone's moment: when the member first saw the celebration of an award. Awards made
before this migration count as seen, so nobody opens their streak page to a burst of
celebrations for milestones passed long ago."""

from django.db import migrations, models
from django.db.models import F


def mark_existing_seen(apps, schema_editor):
    MilestoneAward = apps.get_model("accounts", "MilestoneAward")
    MilestoneAward.objects.filter(seen_at__isnull=True).update(seen_at=F("awarded_at"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_data_export")]

    operations = [
        migrations.AddField(
            model_name="milestoneaward",
            name="seen_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(mark_existing_seen, migrations.RunPython.noop),
    ]
