"""The streak figures stored on the member (accounts.streaks.figures), filled from the
history by the same subqueries the badges ran until now: one UPDATE over every member."""

from django.db import migrations, models
from django.db.models import BooleanField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce


def fill_figures(apps, schema_editor):
    # A copy of accounts.streaks.figures.history_subqueries on the historical models (a
    # migration must not follow later changes to the app's code).
    User = apps.get_model("accounts", "User")
    Streak = apps.get_model("accounts", "Streak")
    MilestoneAward = apps.get_model("accounts", "MilestoneAward")
    member = OuterRef("pk")
    open_streak = Streak.objects.filter(member=member, ended_on__isnull=True)
    ended = Streak.objects.filter(member=member, ended_on__isnull=False).order_by().values("member")
    top_award = MilestoneAward.objects.filter(member=member).order_by("-days")
    User.objects.update(
        streak_started_on=Subquery(open_streak.values("started_on")[:1]),
        streak_self_reported=Coalesce(
            Subquery(open_streak.values("self_reported")[:1]),
            Value(False),
            output_field=BooleanField(),
        ),
        streak_longest_ended=Subquery(ended.annotate(m=Max("length_days")).values("m")),
        streak_total_ended=Subquery(ended.annotate(s=Sum("length_days")).values("s")),
        streak_top_award=Subquery(top_award.values("days")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0015_member_shield"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="streak_started_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="streak_self_reported",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="user",
            name="streak_longest_ended",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="streak_total_ended",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="streak_top_award",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_figures, migrations.RunPython.noop),
    ]
