# Issue 15, item 1: discreet mode — a neutral tab title and icon, and neutral email subjects.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_web_push"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="discreet_mode",
            field=models.BooleanField(default=False),
        ),
    ]
