"""The "Moderators" group and what its members may do in the admin.

moderation.permissions treats everyone in this group (and staff) as a moderator; the
model permissions below are for the Django admin, where moderators may read reports and
the audit log and manage watched words. A group is not an account: migrations create no
accounts (load_demo puts demo_moderator in the group).
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = [
    ("moderation", "view_report"),
    ("moderation", "change_report"),
    ("moderation", "view_moderationaction"),
    ("moderation", "view_memberwarning"),
    ("moderation", "view_watchedword"),
    ("moderation", "add_watchedword"),
    ("moderation", "change_watchedword"),
    ("moderation", "delete_watchedword"),
    ("forum", "view_post"),
    ("forum", "view_postrevision"),
    ("forum", "view_thread"),
]


def create_group(apps, schema_editor):
    # Model permissions are normally created after all migrations have run; create them
    # now so that the group can be given them on a fresh database (the installed app's
    # config lists the models; the rows are written through the historical models).
    for app_label in sorted({app for app, _ in PERMISSIONS}):
        create_permissions(installed_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_moderation"),
        ("forum", "0002_post_search"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
