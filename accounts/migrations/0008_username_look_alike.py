from django.db import migrations, models


def fill_look_alike_keys(apps, schema_editor):
    # The key's rules live in accounts.names; a later change of them needs a migration like
    # this one to refill the column.
    from accounts.names import look_alike_key

    User = apps.get_model("accounts", "User")
    members = list(User.objects.only("pk", "username"))
    for member in members:
        member.username_look_alike = look_alike_key(member.username)
    User.objects.bulk_update(members, ["username_look_alike"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_care_roles_shifts_and_country"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_look_alike",
            field=models.CharField(db_index=True, default="", editable=False, max_length=90),
            preserve_default=False,
        ),
        migrations.RunPython(fill_look_alike_keys, migrations.RunPython.noop),
    ]
