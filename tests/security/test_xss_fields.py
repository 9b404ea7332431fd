"""XSS through every field a member (or moderator) can write, submitted through the real
views and read back on every page that shows it.

Each payload is wrapped in sentinels (xa<n>x ... xz<n>x). On each page:
- every stretch of HTML between a payload's sentinels must be inert
  (tests.xss_corpus.assert_no_active_content), which catches a tag that got through,
  including one that broke out of a <textarea>, <title> or attribute;
- the whole page must carry no event handler, style attribute or javascript:/data:/vbscript:
  URL anywhere (our templates have none: CSP forbids them), which catches an attribute
  breakout whose handler lands outside the sentinels.

A payload a form refuses (too long, a link from a new member...) is still checked on the
re-rendered form, which shows the member's text back to them.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum.models import Post, Thread
from moderation.models import ExName, Report, WatchedWord
from tests import factories
from tests.xss_corpus import XSS_PAYLOADS, assert_no_active_content, find_active_content

_BY_NAME = dict(XSS_PAYLOADS)
REPRESENTATIVE = [
    "script_tag",
    "script_split_tag",
    "script_textarea_breakout",
    "script_title_breakout",
    "script_closing_code_span",
    "style_tag",
    "style_attribute_url",
    "img_onerror",
    "svg_onload",
    "details_ontoggle",
    "anchor_onmouseover",
    "link_title_breakout",
    "link_url_quote_breakout",
    "autolink_quote_breakout",
    "mention_quote_breakout",
    "mention_then_tag",
    "inline_javascript",
    "inline_javascript_decimal_entity",
    "inline_javascript_percent_letter",
    "inline_data_html",
    "inline_vbscript",
    "reference_javascript",
    "autolink_javascript",
    "html_anchor_entities",
    "html_form_action",
    "html_base_href",
    "html_meta_refresh",
    "image_javascript",
    "image_data_svg",
    "iframe_srcdoc",
    "math_mglyph_style",
    "noscript_title_breakout",
    "escaped_entities",
    "fullwidth_tag",
    "cyrillic_lookalike_scheme",
]
# For text that lands in an attribute (value="...", aria-label, title): quote breakouts.
ATTRIBUTE_PAYLOADS = [
    ("attribute_double_quote", '" onmouseover="alert(1)" x="'),
    ("attribute_single_quote", "' onmouseover='alert(1)' x='"),
    ("attribute_unquoted", "x onmouseover=alert(1) autofocus onfocus=alert(1)"),
    ("attribute_close_tag", '"><script>alert(1)</script>'),
]
PAYLOADS = [(name, _BY_NAME[name]) for name in REPRESENTATIVE] + ATTRIBUTE_PAYLOADS
ALL_PAYLOADS = XSS_PAYLOADS + ATTRIBUTE_PAYLOADS


def wrap(number: int, payload: str, *, multiline: bool) -> str:
    joiner = "\n\n" if multiline else " "
    return f"xa{number}x{joiner}{payload}{joiner}xz{number}x"


def check(response, numbers=()):
    """Fail if anything a member wrote is active on this page (see the module docstring)."""
    assert response.status_code < 500, response.status_code
    html = response.content.decode()
    page_level = [
        problem
        for problem in find_active_content(html)
        if not problem.endswith(" tag") and "inside a comment" not in problem
    ]
    assert not page_level, f"{response.wsgi_request.path}: {page_level}"
    for number in numbers:
        start, end = f"xa{number}x", f"xz{number}x"
        pattern = re.escape(start) + f"((?:(?!{re.escape(start)}).)*?)" + re.escape(end)
        for match in re.finditer(pattern, html, re.DOTALL):
            assert_no_active_content(match.group(1))
    return html


def fresh():
    cache.clear()  # rate limits: each submission as if it were the member's first today


def established(user):
    """Old enough and with posts enough that links are allowed (the payloads have links)."""
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - timedelta(days=60), post_count=20
    )
    user.refresh_from_db()
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def pages_of(client, url, *, numbers, pages=5):
    for page in range(1, pages + 1):
        response = client.get(url, {"page": page})
        if response.status_code == 404:
            break
        check(response, numbers)


@pytest.fixture
def rowan(member):
    return established(member)


@pytest.fixture
def sasha(other_member):
    return established(other_member)


@pytest.fixture
def category(db):
    return factories.make_category(name="Daily check-ins", slug="daily-check-ins")


# --- Thread titles ----------------------------------------------------------------------


def test_thread_titles_are_inert_everywhere(rowan, sasha, moderator, category):
    client = signed_in(rowan)
    numbers = list(range(len(PAYLOADS)))
    for number, (_name, payload) in enumerate(PAYLOADS):
        fresh()
        title = wrap(number, payload, multiline=False)[:150]
        response = client.post(
            reverse("forum:thread_create"),
            {"category": category.pk, "title": title, "body": "sentinel words"},
        )
        if response.status_code != 302:
            check(response, [number])  # the form, showing the title back
    threads = list(Thread.objects.filter(author=rowan))
    assert len(threads) >= len(PAYLOADS) - 4, "most titles should be accepted"
    for thread in threads[:12]:  # replies notify rowan, whose notifications show the title
        factories.make_reply(author=sasha, thread=thread, body="I hear you.")
    visitor, reader, mod = Client(), signed_in(sasha), signed_in(moderator)
    for viewer in (visitor, client):
        pages_of(viewer, reverse("forum:home"), numbers=numbers, pages=1)
        pages_of(viewer, category.get_absolute_url(), numbers=numbers)
        pages_of(viewer, reverse("forum:member_posts", args=["rowan"]), numbers=numbers)
        check(viewer.get(reverse("forum:search"), {"q": "sentinel"}), numbers)
    pages_of(client, reverse("forum:notification_list"), numbers=numbers)
    for thread in threads:
        check(client.get(thread.get_absolute_url()), numbers)
        first = thread.posts.order_by("pk").first()
        check(client.get(reverse("forum:post_edit", args=[first.pk])), numbers)
    for thread in threads[::3]:
        check(reader.get(reverse("moderation:report_thread", args=[thread.pk])), numbers)
    for thread in threads[:10]:
        fresh()
        reader.post(
            reverse("moderation:report_thread", args=[thread.pk]),
            {"reason": "other", "note": ""},
        )
        check(mod.get(reverse("moderation:target_detail", args=[f"thread:{thread.pk}"])), numbers)
    pages_of(mod, reverse("moderation:rules_queue"), numbers=numbers)
    pages_of(mod, reverse("moderation:audit_log"), numbers=numbers)


# --- Posts: every payload in the corpus -------------------------------------------------


def test_post_bodies_are_inert_everywhere(rowan, sasha, moderator, category):
    thread = factories.make_thread(author=sasha, category=category, title="Sasha's thread")
    client = signed_in(rowan)
    numbers = list(range(len(ALL_PAYLOADS)))
    for number, (_name, payload) in enumerate(ALL_PAYLOADS):
        fresh()
        response = client.post(
            reverse("forum:reply_create", args=[thread.pk]),
            {"body": wrap(number, payload, multiline=True)},
        )
        if response.status_code != 302:
            check(response, [number])
    posts = list(Post.objects.filter(author=rowan).order_by("pk"))
    assert len(posts) >= len(ALL_PAYLOADS) - 10, "most posts should be accepted"
    reader, mod = signed_in(sasha), signed_in(moderator)
    for viewer in (Client(), client):  # a visitor; the author, with the edit buttons
        pages_of(viewer, thread.get_absolute_url(), numbers=numbers, pages=20)
    pages_of(reader, reverse("forum:member_posts", args=["rowan"]), numbers=numbers, pages=10)
    check(reader.get(reverse("forum:search"), {"q": "xz1x"}), numbers)
    pages_of(reader, reverse("forum:notification_list"), numbers=numbers)
    for post in posts[::10]:  # the forms that show a post's text back: edit, quote, report
        check(client.get(reverse("forum:post_edit", args=[post.pk])), numbers)
        check(client.get(reverse("forum:post_delete", args=[post.pk])), numbers)
        check(
            reader.get(reverse("forum:reply_create", args=[thread.pk]), {"quote": post.pk}), numbers
        )
        check(reader.get(reverse("moderation:report_post", args=[post.pk])), numbers)
    for post in posts[:6]:  # an edit keeps the old text in the history
        fresh()
        client.post(reverse("forum:post_edit", args=[post.pk]), {"body": post.body + " edited"})
        check(reader.get(reverse("forum:post_history", args=[post.pk])), numbers)
        fresh()
        reader.post(reverse("moderation:report_post", args=[post.pk]), {"reason": "other"})
        check(mod.get(reverse("moderation:target_detail", args=[f"post:{post.pk}"])), numbers)
        check(mod.get(reverse("moderation:post_redact", args=[post.pk])), numbers)
    pages_of(mod, reverse("moderation:rules_queue"), numbers=numbers)


def test_preview_is_inert(rowan):
    client = signed_in(rowan)
    for number, (_name, payload) in enumerate(ALL_PAYLOADS):
        fresh()
        response = client.post(
            reverse("forum:preview"), {"body": wrap(number, payload, multiline=True)}
        )
        check(response, [number])


def test_held_posts_are_inert_in_the_approval_queue(sasha, moderator, category, settings):
    """A newcomer's first posts wait for a moderator, who reads them on the approvals page."""
    thread = factories.make_thread(author=sasha, category=category, title="Sasha's thread")
    settings.HOLDFAST_APPROVAL_POSTS = 1000  # after sasha's thread, which is published
    newcomer = established(factories.make_member(username="newcomer"))
    client = signed_in(newcomer)
    chosen = ALL_PAYLOADS[::4]
    for number, (_name, payload) in enumerate(chosen):
        fresh()
        client.post(
            reverse("forum:reply_create", args=[thread.pk]),
            {"body": wrap(number, payload, multiline=True)},
        )
    assert Post.objects.filter(author=newcomer, status="pending").count() >= len(chosen) - 4
    pages_of(signed_in(moderator), reverse("moderation:approvals"), numbers=range(len(chosen)))


# --- Display names and bios (/settings/profile/) ------------------------------------------


def profile_data(**fields):
    return {
        "display_name": "",
        "bio": "",
        "time_zone": "UTC",
        "profile_visibility": "everyone",
        "streak_visibility": "everyone",
        "streak_display": "exact",
        **fields,
    }


def test_display_names_and_bios_are_inert_everywhere(rowan, sasha, category):
    thread = factories.make_thread(author=rowan, category=category, title="Rowan's thread")
    factories.make_reply(author=sasha, thread=thread, body="@rowan hello")  # a mention
    factories.make_reply(author=rowan, thread=thread, body="Thank you.")  # notifies sasha
    client, reader = signed_in(rowan), signed_in(sasha)
    # Every attribute breakout, and every other representative payload.
    chosen = [*enumerate(PAYLOADS)][::2] + [*enumerate(PAYLOADS)][-len(ATTRIBUTE_PAYLOADS) :]
    for number, (_name, payload) in chosen:
        fresh()
        short = wrap(number, payload, multiline=False)[:50]
        response = client.post(
            reverse("accounts:settings_profile"),
            profile_data(display_name=short, bio=wrap(number, payload, multiline=True)),
        )
        check(response, [number])
        if response.status_code != 302:
            continue
        check(Client().get(reverse("accounts:profile", args=["rowan"])), [number])
        check(reader.get(thread.get_absolute_url()), [number])
        check(reader.get(reverse("forum:notification_list")), [number])
    check(reader.get(reverse("forum:member_posts", args=["rowan"])), [number])
    check(client.get(reverse("accounts:settings_profile")), [number])
    assert User.objects.get(pk=rowan.pk).bio  # at least the last bio was saved


def test_bio_preview_is_inert(rowan):
    """The bio preview, as a full page and as the fragment accounts.js inserts."""
    client = signed_in(rowan)
    for number, (_name, payload) in enumerate(ALL_PAYLOADS[::3]):
        fresh()
        data = profile_data(bio=wrap(number, payload, multiline=True), preview="")
        check(client.post(reverse("accounts:settings_profile"), data), [number])
        partial = client.post(
            reverse("accounts:settings_profile"), data, headers={"x-requested-with": "fetch"}
        )
        check(partial, [number])
        assert partial.headers.get("X-Holdfast-Partial") == "bio-preview"


# --- Report notes, seen by moderators ------------------------------------------------------


def test_report_notes_are_inert_in_the_queues(rowan, sasha, moderator, category):
    thread = factories.make_thread(author=sasha, category=category, title="Sasha's thread")
    posts = [factories.make_reply(author=sasha, thread=thread) for _ in PAYLOADS]
    client, mod = signed_in(rowan), signed_in(moderator)
    numbers = list(range(len(PAYLOADS)))
    for number, ((_name, payload), post) in enumerate(zip(PAYLOADS, posts, strict=True)):
        fresh()
        response = client.post(
            reverse("moderation:report_post", args=[post.pk]),
            {"reason": "other", "note": wrap(number, payload, multiline=True)[:1000]},
        )
        if response.status_code != 302:
            check(response, [number])
    assert Report.objects.filter(reporter=rowan).count() == len(PAYLOADS)
    pages_of(mod, reverse("moderation:rules_queue"), numbers=numbers)
    check(mod.get(reverse("moderation:dashboard")), numbers)
    for post in posts:
        check(mod.get(reverse("moderation:target_detail", args=[f"post:{post.pk}"])), numbers)


# --- What moderators write: watched words, warnings ----------------------------------------


# Watched words are phrases, never patterns: the form refuses regex characters, so the
# payloads lose them here (what remains still has its tags, quotes and schemes).
_NO_PATTERN = str.maketrans("", "", "\\^$*+?()[]{}|")


def test_watched_words_are_inert(moderator):
    mod = signed_in(moderator)
    numbers = list(range(len(PAYLOADS)))
    for number, (_name, payload) in enumerate(PAYLOADS):
        payload = payload.translate(_NO_PATTERN)
        fresh()
        response = mod.post(
            reverse("moderation:watched_words"),
            {"phrase": wrap(number, payload, multiline=False)[:100], "action": "hold"},
        )
        if response.status_code != 302:
            check(response, [number])
    assert WatchedWord.objects.count() >= len(PAYLOADS) // 2
    check(mod.get(reverse("moderation:watched_words")), numbers)
    for word in WatchedWord.objects.all():
        check(mod.get(reverse("moderation:watched_word_edit", args=[word.pk])), numbers)
    pages_of(mod, reverse("moderation:audit_log"), numbers=numbers)


def test_warnings_are_inert_for_the_member(rowan, moderator, category):
    thread = factories.make_thread(author=rowan, category=category)
    mod, client = signed_in(moderator), signed_in(rowan)
    numbers = list(range(len(PAYLOADS)))
    for number, (_name, payload) in enumerate(PAYLOADS):
        fresh()
        response = mod.post(
            reverse("moderation:act", args=[f"thread:{thread.pk}"]),
            {"action": "warn", "reason": wrap(number, payload, multiline=True)[:1000]},
        )
        if response.status_code != 302:
            check(response, [number])
    check(client.get(reverse("moderation:warnings")), numbers)
    check(client.get(reverse("forum:home")), numbers)  # the banner at the top of every page
    pages_of(client, reverse("forum:notification_list"), numbers=numbers)
    pages_of(mod, reverse("moderation:audit_log"), numbers=numbers)


# --- A member's private lists: ex-names, SOS reasons, unsent messages, streak notes ------


def test_ex_names_are_inert(rowan):
    client = signed_in(rowan)
    numbers = list(range(len(PAYLOADS)))
    for number, (_name, payload) in enumerate(PAYLOADS):
        fresh()
        response = client.post(
            reverse("moderation:ex_names"), {"name": wrap(number, payload, multiline=False)[:80]}
        )
        if response.status_code != 302:
            check(response, [number])
    assert ExName.objects.filter(owner=rowan).count() >= len(PAYLOADS) // 2
    check(client.get(reverse("moderation:ex_names")), numbers)


def test_sos_reasons_and_unsent_messages_are_inert(rowan):
    client = signed_in(rowan)
    numbers = list(range(len(PAYLOADS)))
    for number, (_name, payload) in enumerate(PAYLOADS):
        fresh()
        for url, field, limit in (
            ("accounts:sos_reason_add", "text", 300),
            ("accounts:sos_unsent_save", "body", 10_000),
        ):
            response = client.post(
                reverse(url), {field: wrap(number, payload, multiline=True)[:limit]}
            )
            if response.status_code != 302:
                check(response, [number])
    check(client.get(reverse("accounts:sos")), numbers)
    assert rowan.urge_reasons.exists() and rowan.unsent_messages.exists()
    for reason in rowan.urge_reasons.all():
        check(client.get(reverse("accounts:sos_reason_edit", args=[reason.pk])), numbers)


def test_streak_notes_and_reflections_are_inert(rowan):
    client = signed_in(rowan)
    numbers = list(range(len(PAYLOADS)))
    start = timezone.now() - timedelta(days=len(PAYLOADS) + 2)
    for number, (_name, payload) in enumerate(PAYLOADS):
        text = wrap(number, payload, multiline=True)[:5000]
        with time_machine.travel(start + timedelta(days=number), tick=False):
            fresh()
            today = timezone.localdate()
            client.post(reverse("accounts:streak_start"), {"started_on": today.isoformat()})
            for url, data in (
                ("accounts:streak_check_in", {"mood": "3", "note": text}),
                (("accounts:streak_happened", "they-reached-out"), {"note": text}),
                (("accounts:streak_happened", "i-replied"), {"reflection": text}),
            ):
                name, *args = url if isinstance(url, tuple) else (url,)
                response = client.post(reverse(name, args=args), data)
                if response.status_code != 302:
                    check(response, [number])
    assert rowan.check_ins.exists() and rowan.contact_events.exists()
    assert rowan.streaks.exclude(reflection="").exists()
    pages_of(client, reverse("accounts:streak_dashboard"), numbers=numbers)


# --- The readable copy of a member's data (/settings/export/<id>/) -------------------------


def test_the_readable_export_is_inert(rowan, category):
    """The export page shows back everything the member wrote, in every field at once."""
    from accounts.data_rights import services as data_rights
    from accounts.models import DataExport

    thread = factories.make_thread(author=rowan, category=category, title="Rowan's thread")
    client = signed_in(rowan)
    chosen = PAYLOADS[:12]
    for number, (_name, payload) in enumerate(chosen):
        fresh()
        text = wrap(number, payload, multiline=True)
        client.post(reverse("forum:reply_create", args=[thread.pk]), {"body": text})
        client.post(reverse("accounts:sos_reason_add"), {"text": text[:300]})
        client.post(reverse("accounts:sos_unsent_save"), {"body": text})
        client.post(reverse("moderation:ex_names"), {"name": text.replace("\n", " ")[:80]})
    fresh()
    client.post(
        reverse("accounts:settings_profile"),
        profile_data(bio=wrap(0, chosen[0][1], multiline=True)),
    )
    fresh()
    client.post(reverse("accounts:data_export_request"))
    export = DataExport.objects.get(member=rowan)
    if not export.is_ready:  # the background task, run here
        data_rights.build_export(export_id=export.pk)
    page = client.get(reverse("accounts:data_export_detail", args=[export.pk]))
    html = check(page, range(len(chosen)))
    assert "xa3x" in html  # the member's writing is really on the page


# --- Reflected: query parameters on every page ------------------------------------------


REFLECTED = [
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)',
    "javascript:alert(1)",
    "</title><svg onload=alert(1)>",
]
QUERY_PARAMS = ("q", "page", "category", "to", "quote", "next", "member", "moderator", "action")


def test_query_parameters_are_never_reflected_as_markup(world, staff):
    """Every page (the URL walk), as a visitor and as staff, with each usual query parameter
    carrying a breakout payload between sentinels."""
    from urllib.parse import urlencode

    from tests.security.urlwalk import all_routes, url_for

    numbers = list(range(len(REFLECTED)))
    failures = []
    for user in (None, staff):
        client = Client(raise_request_exception=False)
        for entry in all_routes():
            if entry[0].startswith("admin/"):
                continue
            if user is not None and "_auth_user_id" not in client.session:
                client.force_login(user)
            for number, payload in enumerate(REFLECTED):
                value = f"xa{number}x{payload}xz{number}x"
                query = urlencode(dict.fromkeys(QUERY_PARAMS, value))
                url = f"{url_for(entry, world)}?{query}"
                try:
                    check(client.get(url), numbers)
                except AssertionError as problem:
                    failures.append(f"{url}: {problem}"[:300])
    assert not failures, "\n".join(failures)
