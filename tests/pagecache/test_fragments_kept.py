"""Specification of the fragments kept in a process's memory (pagecache.fragments): a key
names its content, so a kept copy is served without asking the shared cache, and never
outdated; the memory is bounded, and a page drawn afresh ignores it."""

import pytest
from django.core.cache import cache

from pagecache import fragments
from pagecache.local import drawn_afresh


class Partial:
    """A stand-in template: draws "<p>{name}</p>" and counts its draws."""

    def __init__(self):
        self.drawn = []

    def render(self, context):
        self.drawn.append(context["name"])
        return f"<p>{context['name']}</p>"


@pytest.fixture
def partial(monkeypatch):
    stand_in = Partial()
    monkeypatch.setattr(fragments, "get_template", lambda name: stand_in)
    return stand_in


@pytest.fixture
def shared_reads(monkeypatch):
    asked = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(list(keys)) or get_many(keys))
    return asked


def draw(names):
    keys = [fragments.key("test", name, (name,)) for name in names]
    return fragments.draw(names, keys, "unused", lambda name: {"name": name})


def test_a_kept_fragment_is_served_without_asking_the_shared_cache(partial, shared_reads):
    assert draw(["a", "b"]) == ["<p>a</p>", "<p>b</p>"]
    assert draw(["a", "b"]) == ["<p>a</p>", "<p>b</p>"]
    assert partial.drawn == ["a", "b"]  # drawn once
    assert len(shared_reads) == 1  # the first draw's; the second asked nobody


def test_only_the_fragments_not_kept_are_asked_of_the_shared_cache(partial, shared_reads):
    draw(["a"])
    fragments.forget_kept()
    draw(["b"])  # kept here, and stored in the shared cache
    fragments.forget_kept()
    draw(["a"])
    draw(["a", "b", "c"])
    assert shared_reads[-1] == [fragments.key("test", n, (n,)) for n in ("b", "c")]
    assert partial.drawn == ["a", "b", "c"]  # "a" and "b" came from the shared cache


def test_the_shared_cache_is_asked_for_a_pages_other_values_alone(partial, shared_reads):
    draw(["a"])
    cache.set("views", 7)
    keys = [fragments.key("test", "a", ("a",))]
    assert fragments.read_with(keys, ["views"]) == {keys[0]: "<p>a</p>", "views": 7}
    assert shared_reads[-1] == ["views"]


def test_kept_fragments_are_bounded_and_start_again_empty(partial, monkeypatch):
    monkeypatch.setattr(fragments, "KEPT_CHARS", 20)
    draw(["a", "b"])  # 16 characters
    draw(["c"])  # 24: the memory starts again, with "c" alone
    cache.clear()
    draw(["a", "b", "c"])
    assert partial.drawn == ["a", "b", "c", "a", "b"]


def test_drawn_afresh_ignores_and_does_not_fill_the_kept_fragments(partial):
    draw(["a"])
    cache.clear()
    with drawn_afresh():
        draw(["a", "b"])
    cache.clear()
    draw(["b"])
    assert partial.drawn == ["a", "a", "b", "b"]
