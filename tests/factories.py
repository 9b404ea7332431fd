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


def make_category(*, name=None, slug=None, **fields):
    from forum.models import Category

    number = next(_sequence)
    name = name or f"Category {number}"
    return Category.objects.create(name=name, slug=slug or f"category-{number}", **fields)


def make_thread(*, author, category=None, title="A thread to talk in", body="Hello.", **kwargs):
    """A thread started through forum.services (screened, counted, indexed). Returns it."""
    from forum import services

    category = category or make_category()
    outcome = services.create_thread(
        author=author, category=category, title=title, body=body, **kwargs
    )
    return outcome.post.thread


def make_reply(*, author, thread, body="A kind reply.", **kwargs):
    """A reply through forum.services. Returns the post."""
    from forum import services

    return services.create_reply(author=author, thread=thread, body=body, **kwargs).post
