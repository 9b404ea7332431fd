"""Markdown to safe HTML: the one place posts, bios and previews are rendered.

Two independent layers, so that one mistake is not enough to let script through:

1. markdown-it-py parses CommonMark with raw HTML switched off, and refuses to make a link of
   any destination whose scheme is not http, https or mailto (after undoing the encodings an
   attacker might hide a scheme behind). A refused link stays visible as plain text.
2. nh3 re-parses the HTML and keeps only an allow-list of tags and attributes, forces
   `rel="nofollow ugc noopener"` on every link and drops any URL scheme it does not know.

Nothing here touches the database or Django settings: posts are rendered once, at save time,
into a stored column (STYLE rule 9), and tests can call these functions directly.

A budget keeps every input cheap. markdown-it is linear, but each character that may open
markup (`[`, `!`, `*`, a new line...) costs it microseconds where a letter costs nanoseconds:
a reply of 19,999 "[" took 0.16 s a parse (8 ms per KiB; "![" 13), and a save parsed it
three times. Text whose markup would cost more than an honest post's (`within_budget`), or
longer than any form accepts (`SOURCE_BUDGET`), is shown as it was typed — escaped,
paragraphs and line breaks kept — in linear time. Nesting is bounded by the parser's own
`maxNesting`. One parse is shared by render_markdown(), plain_text() and extract_mentions()
for the same text (`_parse`).
"""

import functools
import html
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote, unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# The accounts app serves profiles at /u/<username>/. A plain template, not reverse(), so this
# module can be imported before Django's URLconf is loaded (and by tests without settings).
PROFILE_URL = "/u/{username}/"

# Must agree with accounts.validators.USERNAME_PATTERN (tests check that it does).
USERNAME_CHARS = "A-Za-z0-9_-"
_MENTION = re.compile(
    rf"@([{USERNAME_CHARS}]{{3,30}})"
    # Longer than 30 characters, running on into other letters, or followed by another "@"
    # is not a username.
    r"(?![\w@-])"
    # "@example.com" reads as a domain, not as a member called "example".
    r"(?!\.\w)"
)
# An "@" straight after one of these is part of an email address, a URL path
# (https://example.social/@name) or a word, not the start of a mention.
_NOT_BEFORE_MENTION = frozenset("_-./+@:")

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")

# Headings are demoted by two levels: the page owns <h1> (the thread title) and <h2> (its
# sections), so a post's "# Title" must not outrank them for readers or screen readers.
_DEMOTED_HEADING = {f"h{level}": f"h{min(level + 2, 6)}" for level in range(1, 7)}

_ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "del", "ul", "ol", "li", "blockquote", "code", "pre", "hr"}
    # h1 and h2 are left out on purpose: after demotion nothing should produce them.
    | {"h3", "h4", "h5", "h6"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
    | {"a"}
)
# Table alignment arrives as style="text-align: ..."; it is dropped because our CSP forbids
# inline styles, and the code-block "language-*" class is dropped because nothing uses it.
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}

_CLEANER = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    attributes=_ALLOWED_ATTRIBUTES,
    allowed_classes={"a": {"mention"}},
    link_rel="nofollow ugc noopener",
    url_schemes=set(ALLOWED_SCHEMES),
)

# NUL is replaced by the parser anyway, but stripping it first keeps it out of plain_text();
# a lone surrogate (from JSON such as "\ud800") cannot be encoded as UTF-8 at all.
_UNENCODABLE = re.compile("[\x00\ud800-\udfff]")

# What each character costs the parser, in microseconds, measured on markdown-it-py 4 at its
# most expensive use (a "[" that opens no link scans on; "![" is an image that is not; a line
# that is a list item; "<a@b.c>" an autolink). Other characters cost well under 0.1 us. An
# emphasis mark costs 10-13 us in ordinary bold and italics and up to 24 in a run of "*a"
# (measured 6 December 2026, when 6 had let that run cost four times its budget).
_COST_MICROSECONDS = {
    "\n": 21, "[": 20, "<": 24, "!": 16, "*": 12, "_": 9, "&": 4, "@": 4,
    "~": 3, "`": 3, "\\": 3, "]": 2, "|": 2, "(": 1,
}  # fmt: skip
# The budget: 3 us a character (a few ms per KiB at worst) with 10 ms for any short text. A
# long post of prose costs under 0.5 us a character; a list of bold items or links about 2.
MARKUP_BUDGET_FLOOR_US, MARKUP_BUDGET_PER_CHAR_US = 10_000, 3
# Longer than any form accepts (posts 20,000, bios 2,000): never parsed.
SOURCE_BUDGET = 50_000
# Blocks nested deeper than this (lists in lists, quotes in quotes) are read as text.
MAX_NESTING = 20


def render_markdown(text: str) -> str:
    """Return sanitised HTML for a member's Markdown. Never raises on odd input, and costs
    at most a few milliseconds per KiB whatever the input (see the budget above)."""
    text = _clean_input(text)
    if not within_budget(text):
        return _CLEANER.clean(_as_typed_html(text))
    return _CLEANER.clean(_MARKDOWN.renderer.render(_parse(text), _MARKDOWN.options, {}))


def within_budget(text: str) -> bool:
    """Whether `text` is parsed as Markdown, rather than shown as typed."""
    if len(text) > SOURCE_BUDGET:
        return False
    budget = max(MARKUP_BUDGET_FLOOR_US, len(text) * MARKUP_BUDGET_PER_CHAR_US)
    # str.count runs in C: a 20,000-character post is weighed in well under a millisecond.
    return sum(text.count(char) * cost for char, cost in _COST_MICROSECONDS.items()) <= budget


def _as_typed_html(text: str) -> str:
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        "<p>" + html.escape(paragraph.strip("\n")).replace("\n", "<br>\n") + "</p>\n"
        for paragraph in paragraphs
        if paragraph.strip()
    )


@functools.lru_cache(maxsize=8)
def _parse(text: str) -> list[Token]:
    # A save renders the text, extracts its words and its mentions: one parse serves all
    # three. Callers only read the tokens (the renderer does not change them).
    return _MARKDOWN.parse(text)


def extract_mentions(text: str) -> list[str]:
    """Return the usernames @-mentioned in `text`, first spelling first, each name once.

    Mentions inside code and link text are ignored, exactly as render_markdown() does, because
    both use the same parser. Usernames are unique regardless of case, so "@Sam" and "@sam"
    count once.
    """
    seen: set[str] = set()
    names: list[str] = []
    text = _clean_input(text)
    if not within_budget(text):
        return []  # shown as typed: no links, so no mentions either
    for token in _inline_tokens(_parse(text)):
        name = token.meta.get("mention") if token.type == "link_open" else None
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def quote_for_reply(*, author_username: str, body: str, post_url: str) -> str:
    """Return Markdown that quotes `body` into a reply, attributed to its author and post.

    Every line of the body is prefixed with "> ", so quotes inside it become nested quotes.
    """
    attribution = f"> {_attribution_name(author_username)} [wrote]({_safe_destination(post_url)}):"
    lines = _clean_input(body).replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    quoted = [f"> {line}" if line.strip() else ">" for line in lines]
    # The empty ">" line keeps the attribution a paragraph of its own, whatever the body
    # starts with (a list, a heading or a table would otherwise run into it).
    return "\n".join([attribution, ">", *quoted]) + "\n"


def plain_text(text: str) -> str:
    """Return the words of a post without Markdown or HTML, for search and snippets.

    The result is text, not HTML: a member who typed "<b>" gets "<b>" back, so escape it
    when putting it in a page (Django templates do).
    """
    text = _clean_input(text)
    if not within_budget(text):
        return text.strip()
    blocks = []
    for token in _parse(text):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content)
    return "\n".join(block.strip("\n") for block in blocks if block.strip()).strip()


def _clean_input(text: str) -> str:
    return _UNENCODABLE.sub("", text)


def _link_is_safe(url: str) -> bool:
    """Allow http, https, mailto and relative URLs, however the scheme is disguised.

    markdown-it has already decoded entities (&#106;avascript:); here percent-encoding
    (%6Aavascript:), full-width letters and hidden whitespace or control characters
    (java\\tscript:) are undone too before the scheme is read. Browsers would not run some of
    these, but refusing them costs nothing and keeps this check simple to reason about.
    """
    loosened = url
    for _ in range(3):  # Double encoding (%256A) is undone too; three rounds is plenty.
        loosened = unquote(html.unescape(loosened))
    loosened = unicodedata.normalize("NFKC", loosened)
    loosened = "".join(char for char in loosened if not _is_invisible(char)).casefold()
    scheme = _SCHEME.match(loosened)
    return scheme is None or scheme.group(1) in ALLOWED_SCHEMES


def _is_invisible(char: str) -> bool:
    # Control, format (zero-width, bidi), separator and whitespace characters.
    return char.isspace() or unicodedata.category(char)[0] in "CZ"


def _mention_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule: turn "@name" into a profile link, except inside link text."""
    if state.src[state.pos] != "@" or state.linkLevel > 0:
        return False
    if state.pos > 0 and _joins_word(state.src[state.pos - 1]):
        return False
    match = _MENTION.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        _push_mention(state, match.group(1))
    state.pos = match.end()
    return True


def _joins_word(char: str) -> bool:
    return char.isalnum() or char in _NOT_BEFORE_MENTION


def _push_mention(state: StateInline, username: str) -> None:
    link = state.push("link_open", "a", 1)
    link.attrs = {"href": PROFILE_URL.format(username=username), "class": "mention"}
    link.markup = "mention"
    link.meta = {"mention": username}
    state.push("text", "", 0).content = f"@{username}"
    state.push("link_close", "a", -1).markup = "mention"


def _rename_tags(state: StateCore) -> None:
    """Core rule: demote headings, and write strikethrough as <del>, the tag we allow."""
    for token in state.tokens:
        _rename_tag(token)
        for child in token.children or []:
            _rename_tag(child)


def _rename_tag(token: Token) -> None:
    if token.type in ("heading_open", "heading_close"):
        token.tag = _DEMOTED_HEADING[token.tag]
    elif token.type in ("s_open", "s_close"):
        token.tag = "del"


def _replace_images(state: StateCore) -> None:
    """Core rule: no image is ever loaded from a post.

    A remote image is fetched by every reader's browser as soon as the page opens, telling
    whoever hosts it their IP address and when they read the post; in a forum for people
    keeping no contact, an ex could use that to watch someone. So an image becomes an
    ordinary link (its alt text, or else its address, as the label): the reader can still
    choose to open it, like any other link. Inside a link it becomes just its alt text,
    because links cannot nest.
    """
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _without_images(token.children)


def _without_images(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    link_depth = 0
    for child in children:
        link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type != "image":
            result.append(child)
        elif link_depth:
            result.append(_text_token(_inline_text(child.children or [])))
        else:
            result.extend(_image_as_link(child))
    return result


def _image_as_link(image: Token) -> list[Token]:
    src = str(image.attrGet("src") or "")
    link = Token("link_open", "a", 1, attrs={"href": src})
    if image.attrGet("title"):
        link.attrSet("title", str(image.attrGet("title")))
    label = _inline_text(image.children or []).strip() or src
    return [link, _text_token(label), Token("link_close", "a", -1)]


def _text_token(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _inline_tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "inline":
            yield from token.children or []


def _attribution_name(username: str) -> str:
    username = " ".join(_clean_input(username).split())
    if re.fullmatch(f"[{USERNAME_CHARS}]{{3,30}}", username):
        return f"**@{username}**"
    # Not a username we could link to (a deleted member, say): show it, escaped, unlinked.
    return "**" + re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", username) + "**"


def _safe_destination(url: str) -> str:
    # Spaces, parentheses and angle brackets would end a Markdown link destination early.
    return quote(_clean_input(url), safe=":/?#[]@!$&'*+,;=%-._~")


def _build_parser() -> MarkdownIt:
    # "breaks": members write posts like letters, so a single newline stays a line break.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.validateLink = _link_is_safe
    md.inline.add_terminator_char("@")
    md.inline.ruler.push("mention", _mention_rule)
    md.core.ruler.push("rename_tags", _rename_tags)
    md.core.ruler.push("replace_images", _replace_images)
    return md


_MARKDOWN = _build_parser()
