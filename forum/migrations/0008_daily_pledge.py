# The daily pledge (issue 16, item 5): the day's thread in Daily check-ins and members' pledges.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0007_post_crisis_flag_and_email_windows'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DailyPledge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
                ('created_at', models.DateTimeField()),
                ('thread', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='daily_pledge', to='forum.thread')),
            ],
        ),
        migrations.CreateModel(
            name='Pledge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seen', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField()),
                ('daily', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pledges', to='forum.dailypledge')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pledges', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'indexes': [models.Index(fields=['daily', 'seen', 'created_at'], name='forum_pledge_seen_list')],
                'constraints': [models.UniqueConstraint(fields=('daily', 'member'), name='forum_pledge_once_a_day')],
            },
        ),
    ]
