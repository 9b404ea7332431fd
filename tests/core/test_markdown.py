"""Specification of core.markdown: what members may write, and what can never get through.

No database and no Django settings: these are pure functions of their text.
"""

import re
import time
from html.parser import HTMLParser
from math import isqrt

import pytest

from core import markdown as markdown_module
from core.markdown import (
    PROFILE_URL,
    USERNAME_CHARS,
    extract_mentions,
    plain_text,
    quote_for_reply,
    render_markdown,
    within_budget,
)
from tests.xss_corpus import (
    UNSTORABLE_PAYLOADS,
    XSS_PAYLOADS,
    assert_no_active_content,
    find_active_content,
)

REL = "nofollow ugc noopener"
ALL_PAYLOADS = XSS_PAYLOADS + UNSTORABLE_PAYLOADS


class _Elements(HTMLParser):
    """Collects (tag, attributes) for every start tag, to assert on structure, not spelling."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags_in(html: str) -> list[str]:
    return [tag for tag, _ in _Elements(html).found]


def links_in(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in _Elements(html).found if tag == "a"]


def mention_links(html: str) -> list[str]:
    return [a["href"] for a in links_in(html) if a.get("class") == "mention"]


# --- Allowed Markdown ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("*soft*", "<em>soft</em>"),
        ("**firm**", "<strong>firm</strong>"),
        ("~~gone~~", "<del>gone</del>"),
        ("`code`", "<code>code</code>"),
        ("```\nfenced\n```", "<pre><code>fenced\n</code></pre>"),
        ("    indented", "<pre><code>indented\n</code></pre>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
        ("above\n\n---\n\nbelow", "<hr>"),
        ("first line\nsecond line", "first line<br>\nsecond line"),
        ("[help](https://example.org/)", f'<a href="https://example.org/" rel="{REL}">help</a>'),
    ],
)
def test_render_markdown_keeps_allowed_elements(markdown, expected):
    assert expected in render_markdown(markdown)


def test_render_markdown_renders_tables():
    html = render_markdown("| Day | Done |\n|:----|-----:|\n| 1 | ~~yes~~ |")

    assert tags_in(html) == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td", "del"]
    assert "<td>1</td>" in html


def test_render_markdown_drops_table_alignment_styles():
    # Our CSP forbids inline styles, so alignment would be ignored anyway.
    html = render_markdown("| a |\n|--:|\n| b |")

    assert "style" not in html
    assert "<th>a</th>" in html


def test_render_markdown_drops_code_language_class():
    html = render_markdown("```python\nprint('hi')\n```")

    assert "<pre><code>print(" in html
    assert "class" not in html


@pytest.mark.parametrize(("level", "rendered"), [(1, 3), (2, 4), (3, 5), (4, 6), (5, 6), (6, 6)])
def test_render_markdown_demotes_headings(level, rendered):
    html = render_markdown("#" * level + " Day one")

    assert html == f"<h{rendered}>Day one</h{rendered}>\n"


def test_render_markdown_never_produces_page_level_headings():
    html = render_markdown("# Title\n\nSetext title\n============\n\nSub\n---")

    assert not {"h1", "h2"} & set(tags_in(html))


def test_render_markdown_escapes_raw_html():
    html = render_markdown('<b>bold</b> and <a href="https://example.org">x</a>')

    assert tags_in(html) == ["p"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_render_markdown_handles_empty_text():
    assert render_markdown("") == ""


# --- Links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "destination",
    [
        "https://example.org/a?b=c#d",
        "http://example.org",
        "mailto:help@example.org",
        "/t/12/",
        "#post-4",
        "?page=2",
        "../up",
    ],
)
def test_render_markdown_keeps_safe_link_destinations(destination):
    (link,) = links_in(render_markdown(f"[go]({destination})"))

    assert link["href"] == destination


@pytest.mark.parametrize(
    "destination",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "java&Tab;script:alert(1)",
        "%6Aavascript:alert(1)",
        "%256Aavascript:alert(1)",
        "<java\tscript:alert(1)>",
        "java\u200bscript:alert(1)",
        "".join(chr(ord(letter) + 0xFEE0) for letter in "javascript") + ":alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/file",
    ],
)
def test_render_markdown_refuses_other_link_schemes(destination):
    html = render_markdown(f"[go]({destination})")

    assert links_in(html) == []
    assert "[go](" in html  # Left as the text the member typed, so nothing silently vanishes.


@pytest.mark.parametrize(
    "markdown",
    [
        "[inline](https://example.org)",
        "[reference][r]\n\n[r]: https://example.org",
        "<https://example.org>",
        "<help@example.org>",
        "@sam",
        "![image](https://example.org/a.png)",
    ],
)
def test_render_markdown_forces_rel_on_every_link(markdown):
    links = links_in(render_markdown(markdown))

    assert links
    assert all(link["rel"] == REL for link in links)


def test_render_markdown_does_not_linkify_bare_urls():
    assert links_in(render_markdown("see https://example.org")) == []


# --- Images ----------------------------------------------------------------------------------


def test_render_markdown_turns_image_into_link_to_it():
    html = render_markdown("![a calm lake](https://example.org/lake.jpg)")

    assert "img" not in tags_in(html)
    assert f'<a href="https://example.org/lake.jpg" rel="{REL}">a calm lake</a>' in html


def test_render_markdown_labels_image_without_alt_text_with_its_address():
    html = render_markdown("![](https://example.org/lake.jpg)")

    assert ">https://example.org/lake.jpg</a>" in html


def test_render_markdown_shows_image_inside_link_as_its_alt_text():
    html = render_markdown("[![lake](https://example.org/lake.jpg)](https://example.org/album)")

    assert links_in(html) == [{"href": "https://example.org/album", "rel": REL}]
    assert ">lake</a>" in html


def test_render_markdown_refuses_data_images():
    html = render_markdown("![dot](data:image/png;base64,iVBORw0KGgo=)")

    assert links_in(html) == []
    assert "img" not in tags_in(html)


# --- Script injection ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "payload"), ALL_PAYLOADS, ids=[n for n, _ in ALL_PAYLOADS])
def test_render_markdown_neutralises_payload(name, payload):
    assert_no_active_content(render_markdown(payload))


@pytest.mark.parametrize(("name", "payload"), ALL_PAYLOADS, ids=[n for n, _ in ALL_PAYLOADS])
def test_render_markdown_neutralises_payload_inside_a_quote(name, payload):
    quoted = quote_for_reply(author_username="rowan", body=payload, post_url="/t/1/#p2")

    assert_no_active_content(render_markdown(quoted))


def test_xss_corpus_names_are_unique():
    names = [name for name, _ in ALL_PAYLOADS]

    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<STYLE>p{}</STYLE>",
        "<iframe src=https://example.org></iframe>",
        "<object></object>",
        "<embed src=x>",
        "<svg/onload=alert(1)>",
        "<img src=https://example.org/x.png>",
        '<p onclick="alert(1)">x</p>',
        "<a href='javascript:alert(1)'>x</a>",
        '<a href=" &#x0A;JaVa&#x09;ScRiPt&colon;alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="%6Aavascript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<a href="VBSCRIPT:x">x</a>',
        '<p style="color:red">x</p>',
        "<!--> <script>alert(1)</script> -->",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    ],
)
def test_assert_no_active_content_catches(html):
    # The XSS tests are only as good as this check, so it must be able to fail.
    with pytest.raises(AssertionError):
        assert_no_active_content(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        '<p><a href="https://example.org" rel="nofollow">javascript:alert(1)</a></p>',
        '<a href="/u/sam/" class="mention" title="onload=x">@sam</a>',
        "<p>data: my onion recipe</p>",
    ],
)
def test_assert_no_active_content_allows_inert_html(html):
    assert find_active_content(html) == []


# --- Mentions --------------------------------------------------------------------------------


def test_render_markdown_links_mention_to_profile():
    html = render_markdown("thanks @sam_k-9 for this")

    expected_href = PROFILE_URL.format(username="sam_k-9")
    assert f'<a href="{expected_href}" class="mention" rel="{REL}">@sam_k-9</a>' in html


@pytest.mark.parametrize(
    "markdown",
    ["(@sam)", "@sam,", "@sam.", "@sam!", "@sam's", "**@sam**", "hi\n@sam", "> @sam", "# @sam"],
)
def test_render_markdown_links_mention_beside_punctuation(markdown):
    assert mention_links(render_markdown(markdown)) == ["/u/sam/"]


@pytest.mark.parametrize(
    "markdown",
    [
        "`@sam`",
        "```\n@sam\n```",
        "    @sam",
        "[@sam](https://example.org)",
        "[ask @sam][r]\n\n[r]: https://example.org",
        "<https://example.social/@sam>",
        "![@sam](https://example.org/a.png)",
        "write to sam@example.org",
        "<sam@example.org>",
        "@sam@example.social",
        "@example.org",
        "https://example.social/@sam",
        "\\@sam",
        "@ab",
        "@" + "a" * 31,
        "@sam\u00e9",
    ],
)
def test_render_markdown_leaves_non_mentions_alone(markdown):
    assert mention_links(render_markdown(markdown)) == []


def test_render_markdown_allows_no_class_but_mention():
    # A member cannot give a link class="mention" themselves: raw HTML is off.
    html = render_markdown('<a class="mention" href="/u/x/">@x</a> [y](/u/y/)')

    assert mention_links(html) == []


def test_extract_mentions_returns_names_in_order_once_each():
    text = "@sam and @rowan, then @Sam again and @rowan"

    # Usernames are unique regardless of case, so @Sam is @sam: first spelling wins.
    assert extract_mentions(text) == ["sam", "rowan"]


def test_extract_mentions_ignores_code_links_images_and_emails():
    text = (
        "`@in_code` [@in_link](https://example.org) ![@in_alt](https://example.org/a.png)\n\n"
        "```\n@in_fence\n```\n\nmail me at me@example.org, or ask @real"
    )

    assert extract_mentions(text) == ["real"]


@pytest.mark.parametrize(
    "text",
    ["@sam `@code` [@link](/x) @rowan_2", "> quote @mia\n\n- item @kit", "@Max @max @ab"],
)
def test_extract_mentions_agrees_with_render_markdown(text):
    rendered = mention_links(render_markdown(text))
    expected = [PROFILE_URL.format(username=name) for name in extract_mentions(text)]

    assert list(dict.fromkeys(href.casefold() for href in rendered)) == [
        href.casefold() for href in expected
    ]


@pytest.mark.parametrize("name", ["sam", "sam_k-9", "ab", "a" * 30, "a" * 31, "sam.k", "søren"])
def test_mention_pattern_matches_account_username_rule(name):
    from accounts.validators import USERNAME_PATTERN

    is_username = re.match(USERNAME_PATTERN, name) is not None
    is_mentionable = re.fullmatch(f"[{USERNAME_CHARS}]{{3,30}}", name) is not None
    assert is_mentionable == is_username
    assert (extract_mentions(f"@{name} ") == [name]) == is_username


# --- Quoting ---------------------------------------------------------------------------------


def test_quote_for_reply_attributes_and_prefixes_every_line():
    body = "Day 3.\n\nStill here."
    quoted = quote_for_reply(author_username="rowan", body=body, post_url="/t/1/#p2")

    assert quoted == "> **@rowan** [wrote](/t/1/#p2):\n>\n> Day 3.\n>\n> Still here.\n"


def test_quote_for_reply_renders_attribution_and_text():
    body = "Day 3. *Still* here."
    quoted = quote_for_reply(author_username="rowan", body=body, post_url="/t/1/#p2")
    html = render_markdown(quoted)

    assert html.startswith("<blockquote>")
    assert mention_links(html) == ["/u/rowan/"]
    assert {"href": "/t/1/#p2", "rel": REL} in links_in(html)
    assert ">wrote</a>:" in html
    assert "Day 3. <em>Still</em> here." in html


def test_quote_for_reply_keeps_nested_quotes():
    body = "I agree.\n> Earlier words\n> > Even earlier"
    html = render_markdown(quote_for_reply(author_username="rowan", body=body, post_url="/t/1/"))

    assert tags_in(html).count("blockquote") == 3
    assert "Even earlier" in html


def test_quote_for_reply_keeps_a_list_apart_from_the_attribution():
    quoted = quote_for_reply(author_username="rowan", body="- a\n- b", post_url="/t/1/")
    html = render_markdown(quoted)

    assert "<ul>" in html
    assert "wrote</a>:</p>" in html


def test_quote_for_reply_encodes_awkward_post_url():
    quoted = quote_for_reply(author_username="rowan", body="hi", post_url="/t/1/a b(c)>")
    html = render_markdown(quoted)

    assert {"href": "/t/1/a%20b%28c%29%3E", "rel": REL} in links_in(html)


def test_quote_for_reply_does_not_link_an_invalid_username():
    quoted = quote_for_reply(author_username="[gone](javascript:x)", body="hi", post_url="/t/1/")
    html = render_markdown(quoted)

    assert mention_links(html) == []
    assert [link["href"] for link in links_in(html)] == ["/t/1/"]
    assert "[gone](javascript:x)" in html


def test_quote_for_reply_normalises_windows_line_endings():
    quoted = quote_for_reply(author_username="rowan", body="one\r\ntwo", post_url="/t/1/")

    assert "\r" not in quoted
    assert quoted.endswith("> one\n> two\n")


def test_quote_for_reply_takes_keyword_arguments_only():
    with pytest.raises(TypeError):
        quote_for_reply("rowan", "hi", "/t/1/")  # type: ignore[misc]


# --- Plain text ------------------------------------------------------------------------------


def test_plain_text_strips_markdown():
    text = "# Day *one*\n\n**Held** the [line](https://example.org) with @sam.\n\n- list item"

    assert plain_text(text) == "Day one\nHeld the line with @sam.\nlist item"


def test_plain_text_keeps_code_and_image_alt_text():
    text = "Use `git log`.\n\n```\nmake test\n```\n\n![a calm lake](https://example.org/a.png)"

    assert plain_text(text) == "Use git log.\nmake test\na calm lake"


def test_plain_text_contains_no_markup():
    text = "| a | b |\n|---|---|\n| *c* | [d](/x) |\n\n> quoted **bold**"

    result = plain_text(text)
    assert not re.search(r"[*|>\[\]#]", result)
    assert result.split() == ["a", "b", "c", "d", "quoted", "bold"]


def test_plain_text_returns_typed_angle_brackets_as_text():
    # Text, not HTML: templates escape it; turning it into tags would be the bug.
    assert plain_text("I <3 you & <b>this</b>") == "I <3 you & <b>this</b>"


# --- Hostile and odd input -------------------------------------------------------------------

LIMIT = 20_000
HOSTILE_INPUTS = {
    "5000_quote_markers": ">" * 5_000 + " deep",
    "quote_markers_with_spaces": "> " * 10_000,
    "5000_open_brackets": "[" * 5_000 + "x",
    "open_brackets": "[" * LIMIT,
    "nested_brackets_link": "[" * 5_000 + "a" + "]" * 5_000 + "(https://example.org)",
    "image_openers": "![" * (LIMIT // 2),
    "image_link_openers": "![a](" * (LIMIT // 5),
    "reference_openers": "[a][" * (LIMIT // 4),
    "link_openers": "[a](" * (LIMIT // 4),
    "emphasis": "*a_" * (LIMIT // 3),
    "stars": "*" * LIMIT,
    "backticks": "`a``" * (LIMIT // 4),
    "angle_brackets": "<" * LIMIT,
    "at_signs": "@" * LIMIT,
    "mentions": "@abcd " * (LIMIT // 6),
    "nested_lists": "".join("  " * depth + "- x\n" for depth in range(130)),
    "quote_list_mix": "> - " * (LIMIT // 4),
    "wide_table": "|a" * 100 + "\n" + "|-" * 100 + "\n" + ("|b" * 100 + "\n") * 95,
    "line_breaks": "a\n" * (LIMIT // 2),
    "one_long_word": "a" * LIMIT,
}


@pytest.mark.parametrize("text", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_render_markdown_is_safe_on_hostile_input(text):
    # How fast these render is measured by bench/hostile_input.py, not timed here.
    assert len(text) <= LIMIT + 100
    html = render_markdown(text)

    assert_no_active_content(html)


@pytest.mark.parametrize("text", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_extract_mentions_and_plain_text_survive_hostile_input(text):
    mentions = extract_mentions(text)
    words = plain_text(text)

    # Each name once, and never more text out than went in (plus block separators).
    assert len(mentions) == len({name.lower() for name in mentions})
    assert len(words) <= 2 * len(text)


def test_render_markdown_caps_quote_depth():
    html = render_markdown(">" * 5_000 + " deep")

    # markdown-it stops nesting at 20 levels and drops what lies deeper.
    assert tags_in(html).count("blockquote") <= 20


def test_render_markdown_strips_nul_bytes():
    html = render_markdown("hold\x00fast")

    assert html == "<p>holdfast</p>\n"


def test_render_markdown_strips_lone_surrogates():
    html = render_markdown("hold\ud800fast \udfff@sam")

    assert html.encode("utf-8")  # Would raise UnicodeEncodeError if one survived.
    assert "holdfast" in html
    assert mention_links(html) == ["/u/sam/"]


def test_render_markdown_keeps_right_to_left_override_as_text():
    html = render_markdown("\u202egpj.exe and @sam")

    assert html.startswith("<p>\u202egpj.exe")
    assert mention_links(html) == ["/u/sam/"]


@pytest.mark.parametrize("function", [extract_mentions, plain_text])
def test_text_functions_strip_nul_and_surrogates(function):
    result = function("@sam\x00 hi\ud800 there")

    assert "\x00" not in str(result)
    assert str(result).encode("utf-8")


# --- The budget: no input costs more than its length --------------------------------------

# Shapes that make a Markdown parser work hardest, built for a number of repeats; at SIZE each is
# about 20,000 characters (a post's limit). Before the budget, 19,999 "[" cost 8 ms per KiB of
# CPU to render and "![" 13.
PATHOLOGICAL = {
    "brackets": lambda n: "[" * n,
    "images": lambda n: "![" * (n // 2),
    "unclosed links": lambda n: "[a](" * (n // 4),
    "emphasis run": lambda n: "*a" * (n // 2),
    "strong run": lambda n: "**a" * (n // 3),
    "nested emphasis": lambda n: "*" * (n // 2) + "a" + "*" * (n // 2),
    "lists deep": lambda n: "".join("  " * depth + "- a\n" for depth in range(isqrt(n))),
    "lists deep, one line": lambda n: "- " * (n // 2) + "a",
    "quotes deep": lambda n: (
        "".join(">" * depth + " a\n" for depth in range(1, isqrt(n))) + ">" * (n // 2)
    ),
    "many links": lambda n: "[a](https://example.org/) " * (n // 26),
    "many short links": lambda n: "[a](b) " * (n // 7),
    "autolinks": lambda n: "<a@b.co> " * (n // 9),
    "mentions": lambda n: "@sam " * (n // 5),
    "wide table": lambda n: "|a" * (n // 4) + "\n" + "|-" * (n // 4) + "\n",
    "one-item lines": lambda n: "- a\n" * (n // 4),
}
SIZE = 20_000
# A text four times as long may cost at most twice as much per KiB (a parse that grows with the
# square of the text costs four times as much), plus a little for timer noise on tiny costs.
# Both sizes are measured in the same run, so a slow or busy machine does not fail it: a fixed
# bound in ms per KiB failed once on a slow host (6 December 2026).
GROWTH = 2
NOISE_MS_PER_KIB = 0.05


def _cpu_ms_per_kib(function, short: str, long: str) -> tuple[float, float]:
    """CPU time (not wall time, which a busy machine lengthens) per KiB of each text, the
    best of five, the two texts taken in turn: a host whose CPU time swells for a while
    (twice as long for the same work, 7 December 2026) swells both alike, and the least of
    five is the work itself."""
    best = {short: float("inf"), long: float("inf")}
    for attempt in range(5):
        for text in (short, long):
            varied = f"{attempt}{text}"  # a new text each time: parses are cached per text
            start = time.process_time()
            function(varied)
            best[text] = min(best[text], time.process_time() - start)
    return tuple(best[text] * 1000 / (len(text.encode()) / 1024) for text in (short, long))


@pytest.mark.parametrize("shape", PATHOLOGICAL, ids=list(PATHOLOGICAL))
@pytest.mark.parametrize("function", [render_markdown, plain_text, extract_mentions])
def test_markdown_cost_grows_with_the_length_of_the_text_at_most(function, shape):
    build = PATHOLOGICAL[shape]
    quarter, full = _cpu_ms_per_kib(function, build(SIZE // 4), build(SIZE))
    assert full < GROWTH * quarter + NOISE_MS_PER_KIB, (full, quarter)


@pytest.mark.parametrize("shape", PATHOLOGICAL, ids=list(PATHOLOGICAL))
def test_pathological_shapes_are_a_posts_length(shape):
    assert 0.9 * SIZE <= len(PATHOLOGICAL[shape](SIZE)) <= 1.1 * SIZE


def _quadratic(text: str) -> int:
    return sum(text[:end].count("[") for end in range(0, len(text), 4))


def test_the_growth_check_catches_a_quadratic_parse():
    text = PATHOLOGICAL["brackets"](SIZE)
    quarter, full = _cpu_ms_per_kib(_quadratic, text[: SIZE // 4], text)
    assert full >= GROWTH * quarter + NOISE_MS_PER_KIB, (full, quarter)


def test_render_markdown_shows_text_over_budget_as_typed():
    text = "[" * 19_999 + "\n\n<b>*still*</b>\nhere"

    html = render_markdown(text)

    assert html == "<p>" + "[" * 19_999 + "</p>\n<p>&lt;b&gt;*still*&lt;/b&gt;<br>\nhere</p>\n"
    assert plain_text(text) == text
    assert extract_mentions("@sam " + text) == []


@pytest.mark.parametrize("shape", ["emphasis run", "strong run"])
def test_a_posts_length_of_emphasis_marks_is_over_budget(shape):
    # Each mark of "*a*a*a..." cost up to 24 us to parse: 0.24 s for a post, four times
    # its budget, while the cost table said 6 us a mark.
    text = PATHOLOGICAL[shape](SIZE)
    assert not within_budget(text)
    assert render_markdown(text).startswith("<p>" + text[:12])


def test_render_markdown_shows_very_long_text_as_typed():
    assert render_markdown("word " * 20_000).startswith("<p>word word")
    assert not within_budget("word " * 20_000)


# Ordinary Markdown, as members write it, long and short: always inside the budget, so it
# renders exactly as the parser renders it.
ORDINARY = {
    "short, dense": "**Day 1.** [Samaritans](https://www.samaritans.org/) ~~no~~ `ok` @sam",
    "long prose": ("I kept my phone in the other room tonight, and it helped. " * 8 + "\n\n") * 40,
    "bold list": "- **Day 1**: hard, but I stayed\n" * 500,
    "link list": "- [Find A Helpline](https://findahelpline.com/countries/gb)\n" * 300,
    "table": "| Day | Mood | Note |\n|---|---|---|\n"
    + "| 1 | 2 | *rough* day, **kept going** |\n" * 400,
    "quotes and headings": ("# Week one\n\n> what she said\n>> and before\n\n1. one\n2. two\n\n")
    * 200,
}


@pytest.mark.parametrize("text", ORDINARY.values(), ids=list(ORDINARY))
def test_render_markdown_renders_ordinary_markdown_unchanged(text):
    assert len(text) <= 20_000
    assert within_budget(text)
    assert render_markdown(text) == nh3_clean_of_parser_output(text)


def nh3_clean_of_parser_output(text: str) -> str:
    # The rendering without any budget: the parser's own HTML through the same sanitiser.
    return markdown_module._CLEANER.clean(markdown_module._MARKDOWN.render(text))
