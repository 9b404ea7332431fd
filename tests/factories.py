"""Test data built the way the site builds it: through the models' managers and
the apps' services, never raw SQL."""

import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def make_member(*, username=None, email=None, verified=True, password=PASSWORD, **fields):
    username = username or f"member{next(_sequence)}"
    email = email or f"{username}@example.org"
    user = User.objects.create_user(username=username, email=email, password=password, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_moderator(**kwargs):
    user = make_member(**kwargs)
    group, _ = Group.objects.get_or_create(name="Moderators")
    user.groups.add(group)
    return user
