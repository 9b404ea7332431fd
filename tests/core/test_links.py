"""core.links.reverse_kept: what reverse() gives, remembered per name, arguments, URLconf and
script prefix."""

from django.urls import reverse, set_script_prefix

from core.links import reverse_kept


def test_reverse_kept_gives_what_reverse_gives():
    for slug in ("grief", "no-contact", "grief"):
        expected = reverse("forum:category_detail", kwargs={"slug": slug})
        assert reverse_kept("forum:category_detail", slug=slug) == expected
    assert reverse_kept("forum:thread_detail", pk=12, slug="a-b") == "/t/12/a-b/"


def test_reverse_kept_follows_the_script_prefix():
    try:
        set_script_prefix("/forum/")
        assert reverse_kept("forum:thread_detail", pk=12, slug="a-b") == "/forum/t/12/a-b/"
    finally:
        set_script_prefix("/")
    assert reverse_kept("forum:thread_detail", pk=12, slug="a-b") == "/t/12/a-b/"
