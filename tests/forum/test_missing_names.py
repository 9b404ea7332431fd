"""The pages every reader opens name nothing their templates cannot find.

A name the template engine cannot resolve is not an error (it draws as empty), but finding
that out walks a chain of exceptions, some 40 µs each time: a missing name inside a post's
partial cost a drawn post 7 % (docs/cold-renders.md, round 26). Each view or include gives
every name its templates ask for, even when it is empty.

crispy's own field template (bootstrap5/) reads names of a FormHelper we do not use; it runs
once per process for the empty composer ({% composer_fields %} keeps its markup), so it is
left out here.
"""

import pytest
from django.template import base
from django.urls import reverse

from forum import services
from pagecache.local import drawn_afresh
from tests import factories

pytestmark = pytest.mark.django_db

CRISPY = "bootstrap5/"


@pytest.fixture
def missing_names(monkeypatch):
    """The names (with their template) that templates looked up and did not find."""
    missing = []
    real = base.Variable._resolve_lookup

    def recording(variable, context):
        try:
            return real(variable, context)
        except base.VariableDoesNotExist:
            template = context.template.name if context.template else None
            if not (template or "").startswith(CRISPY):
                missing.append((variable.var, template))
            raise

    monkeypatch.setattr(base.Variable, "_resolve_lookup", recording)
    return missing


@pytest.fixture
def pages(member, other_member):
    category = factories.make_category(name="Staying strong")
    thread = factories.make_thread(author=other_member, category=category, title="Day one again")
    for n in range(21):  # a second page, so the pager shows
        factories.make_reply(author=member if n % 2 else other_member, thread=thread)
    services.toggle_reaction(member=member, post=thread.posts.order_by("pk").first(), kind="helped")
    return {
        "home": reverse("forum:home"),
        "category": category.get_absolute_url(),
        "thread first page": thread.get_absolute_url(),
        "thread last page": f"{thread.get_absolute_url()}?page=2",
        "profile": reverse("accounts:profile", args=[other_member.username]),
        "search": reverse("forum:search") + "?q=kind",
        "notifications": reverse("forum:notification_list"),
        "streak": reverse("accounts:streak_dashboard"),
    }


EVERYONES = ["home", "category", "thread first page", "thread last page", "profile", "search"]
CASES = [(page, signed_in) for page in EVERYONES for signed_in in (False, True)]
CASES += [("notifications", True), ("streak", True)]  # a member's own pages


@pytest.mark.parametrize(
    ("page", "signed_in"),
    CASES,
    ids=[f"{page}-{'member' if signed_in else 'visitor'}" for page, signed_in in CASES],
)
def test_a_page_names_only_what_its_templates_find(
    client, member, pages, missing_names, settings, page, signed_in
):
    settings.HOLDFAST_PAGE_CACHE_SECONDS = 0  # every request a render
    if signed_in:
        client.force_login(member)
    with drawn_afresh():  # every post, row and layout piece drawn, none kept
        response = client.get(pages[page])
    assert response.status_code == 200
    assert missing_names == []
