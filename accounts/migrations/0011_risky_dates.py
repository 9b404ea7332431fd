# Risky dates (issue 16, item 3): a member's private hard days, reminded the day before.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0010_urges_held_and_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='RiskyDate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=80)),
                ('on', models.DateField()),
                ('repeats_yearly', models.BooleanField(default=True)),
                ('email_reminder', models.BooleanField(default=False)),
                ('emailed_for', models.DateField(blank=True, editable=False, null=True)),
                ('created_at', models.DateTimeField()),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='risky_dates', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['member', 'on'], name='accounts_risky_date_list')],
            },
        ),
    ]
