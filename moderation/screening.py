"""Screening a post before it is saved: text in, verdict out.

Pure: no database, no settings, nothing from Django (a test needs neither). The database's
part — the site's watched words, the member's list of names — is loaded by the caller
(moderation.post_screening, the forum's screening hook) and passed in. From the forum it
imports only the hook's contract, `forum.hooks.Verdict`, which imports nothing.

The text is folded once (`fold()`) and every detector reads that one folding.

Words and phrases are matched on `fold_for_matching()` text (look-alike letters, invisible
characters, case and accents removed), always as whole words. Letters spelled out one by
one ("s p a m", "s.p.a.m") are joined back into one word before matching, and the joined
word must itself be whole, so "c l a s s" never matches "ass". Phone numbers, e-mail
addresses and links are found on `strip_disguises()` text, which keeps the punctuation and
digits they are made of.

Every regular expression here is written so that it cannot backtrack catastrophically:
no nested quantifiers over the same characters, and a lookbehind wherever a match may
only start at the beginning of a run, so the engine does not retry from inside the run.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from core.confusables import fold_for_matching, letters_for_digits, strip_disguises
from forum.hooks import Verdict
from moderation.identifiers import with_first_names
from moderation.personal_info import link_in, personal_info_in

Action = Literal["block", "hold", "flag"]


def _word_set(words: str) -> frozenset[str]:
    # Word lists below read better as one line of text than as a list of quoted strings.
    return frozenset(words.split())


# Shown to the member, who can change the post and try again.
BLOCK_EX_NAME = (
    "It looks like this names someone you've asked us to watch for. "
    "Try using initials instead — it protects you both."
)
BLOCK_WATCHED_WORD = (
    "Please reword “{phrase}” — it's a word this community has chosen not to use here."
)
BLOCK_NEW_MEMBER_LINK = (
    "New members can share links after a few days — for now, describe the site in words."
)
# Shown to moderators in the queue.
HOLD_WATCHED_WORD = "Held for review: it contains the watched phrase “{phrase}”."
HOLD_PERSONAL_INFO = {
    "phone": "Held for review: it may share a phone number (possible doxxing).",
    "email": "Held for review: it may share an email address (possible doxxing).",
    "address": "Held for review: it may share a street address (possible doxxing).",
    "social": "Held for review: it may share a social media account (possible doxxing).",
    "plate": "Held for review: it may share a car's number plate (possible doxxing).",
}
FLAG_WATCHED_WORD = "Reported automatically: it contains the watched phrase “{phrase}”."
HOLD_FIRST_POSTS = "Held for approval: one of a new member's first posts."


@dataclass(frozen=True)
class WatchRule:
    phrase: str
    action: Action


@dataclass(frozen=True)
class WatchMatch:
    phrase: str
    action: Action


# --- Reading the text as words -------------------------------------------------------

# "a" and "i" are words on their own, so a spelled-out word may have one stuck to it
# ("i k i l l" is "i kill"); each reading below tries a different split.
_LONE_WORD_LETTERS = frozenset("ai")
_PEELINGS = ((False, False), (True, False), (False, True), (True, True))


def _join_run(run: list[str], *, peel_first: bool, peel_last: bool) -> list[str]:
    if len(run) < 2:
        return run
    head, body, tail = [], run, []
    if peel_first and len(body) > 2 and body[0] in _LONE_WORD_LETTERS:
        head, body = body[:1], body[1:]
    if peel_last and len(body) > 2 and body[-1] in _LONE_WORD_LETTERS:
        body, tail = body[:-1], body[-1:]
    return [*head, letters_for_digits("".join(body)), *tail]


def _join_spelled_out(
    words: Sequence[str], *, peel_first: bool = False, peel_last: bool = False
) -> tuple[str, ...]:
    """Joins each run of two or more one-character words into one word."""
    joined: list[str] = []
    run: list[str] = []
    for word in words:
        if len(word) == 1:
            run.append(word)
            continue
        joined += _join_run(run, peel_first=peel_first, peel_last=peel_last)
        run = []
        joined.append(word)
    joined += _join_run(run, peel_first=peel_first, peel_last=peel_last)
    return tuple(joined)


@dataclass(frozen=True)
class _Reading:
    words: tuple[str, ...]
    line: str  # the words joined by single spaces, for the crisis patterns
    positions: dict[str, list[int]]


def _reading(words: tuple[str, ...]) -> _Reading:
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        positions.setdefault(word, []).append(index)
    return _Reading(words=words, line=" ".join(words), positions=positions)


def _readings(words: tuple[str, ...]) -> tuple[_Reading, ...]:
    """Every way of reading the words: as written, and with spelled-out words joined."""
    variants = dict.fromkeys(
        [words]
        + [_join_spelled_out(words, peel_first=first, peel_last=last) for first, last in _PEELINGS]
    )
    return tuple(_reading(variant) for variant in variants)


@dataclass(frozen=True)
class Folded:
    """A text read once for every detector: `plain` keeps case, punctuation and digits
    (strip_disguises(), for names, numbers, addresses and links); `readings` are its folded
    words (fold_for_matching(), for phrases); `spelled` its runs of single letters joined."""

    plain: str
    readings: tuple[_Reading, ...]
    spelled: tuple[str, ...]


def fold(text: str) -> Folded:
    words = tuple(fold_for_matching(text).split())
    return Folded(
        plain=strip_disguises(text), readings=_readings(words), spelled=_spelled_out(words)
    )


def _folded(text: "str | Folded") -> Folded:
    return text if isinstance(text, Folded) else fold(text)


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return _join_spelled_out(fold_for_matching(phrase).split())


def _has_phrase(reading: _Reading, phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(
        reading.words[start : start + size] == phrase
        for start in reading.positions.get(phrase[0], ())
    )


def _appears(folded: Folded, phrase: str) -> bool:
    words = _phrase_words(phrase)
    # A phrase of nothing but punctuation folds to no words and matches nothing.
    return bool(words) and any(_has_phrase(reading, words) for reading in folded.readings)


# --- Watched words -------------------------------------------------------------------


def match_watched_words(text: "str | Folded", rules: Iterable[WatchRule]) -> list[WatchMatch]:
    """The rules whose phrase appears in the text as whole words, in the rules' order."""
    folded = _folded(text)
    matches = [
        WatchMatch(rule.phrase, rule.action) for rule in rules if _appears(folded, rule.phrase)
    ]
    return list(dict.fromkeys(matches))


# --- Names a member has asked us to watch for -----------------------------------------

# First names that are also everyday words. Only a capitalised "Will" names someone;
# "I will" must not be blocked for a member whose ex is called Will.
_NAMES_THAT_ARE_WORDS = _word_set(
    "will mark rose grace hope faith joy bill pat sue ray dawn april may june summer amber "
    "ruby rob art bob chase hunter frank drew guy kay sky storm robin heather holly ivy iris "
    "daisy lily jade crystal pearl autumn sunny angel miles rich earl reed wade dean penny "
    "harry jack max gene brook river"
)


def _names_someone(folded: Folded, name: str) -> bool:
    words = _phrase_words(name)
    # A single letter is an initial, which is what we ask members to use instead.
    if sum(map(len, words)) < 2 or not _appears(folded, name):
        return False
    if len(words) == 1 and words[0] in _NAMES_THAT_ARE_WORDS:
        capitalised = rf"(?<!\w){re.escape(words[0].capitalize())}(?!\w)"
        return bool(re.search(capitalised, folded.plain))
    return True


def find_named_people(text: "str | Folded", names: Sequence[str]) -> list[str]:
    """Which of the names or handles appear in the text, as whole words, "@" or not."""
    folded = _folded(text)
    return [name for name in dict.fromkeys(names) if _names_someone(folded, name)]


# --- Crisis ----------------------------------------------------------------------------

_SELF = r"my ?self"
_DONT = r"(?:do not|don ?t)"
_CANT = r"(?:can ?not|can ?t)"

# Self-harm and suicide phrases, matched on folded text (lowercase words, apostrophes
# turned into spaces: "don't" is "don t"). Each value covers the simple inflections, and
# a lookahead rules out the everyday uses we know of ("killed myself laughing", "cut
# myself off from them", "take my life back", "Suicide Squad"). Matching a phrase only
# shows the member support resources and tells moderators; it never blocks a post, so
# the list leans towards catching too much.
CRISIS_PHRASES: dict[str, str] = {
    "kill myself": rf"\bkill(?:s|ing|ed)? {_SELF}\b(?! laughing)",
    "end my life": r"\bend(?:s|ing|ed)? my (?:own )?life\b",
    "end it all": r"\bend(?:s|ing|ed)? it all\b",
    "take my own life": r"\b(?:take|takes|taking|took|taken) my (?:own )?life\b(?! back)",
    "want to die": r"\b(?:want|wants|wanted|wanting|wanna) (?:to )?(?:die|be dead)\b",
    "wish I was dead": r"\bwish(?:ed|ing)? i (?:was|were|could be) dead\b",
    "wish I'd never been born": r"\bwish(?:ed|ing)? i(?: ?d| had)? never been born\b",
    "better off dead": r"\bbetter off dead\b",
    "better off without me": r"\b(?:better|happier) off without me\b",
    "suicidal": r"\bsuicidal\b",
    "suicide": r"\bsuicides?\b(?! squad)",
    "self-harm": r"\bself ?harm(?:s|ing|ed)?\b",
    "self-injury": r"\bself ?injur(?:y|ies|e|es|ed|ing)\b",
    "harm myself": rf"\bharm(?:s|ing|ed)? {_SELF}\b",
    "hurt myself": rf"\bhurt(?:s|ing)? {_SELF}\b",
    "cutting myself": rf"\bcut(?:s|ting)? {_SELF}\b(?! off)",
    "hang myself": rf"\bhang(?:s|ing|ed)? {_SELF}\b",
    "slit my wrists": r"\bslit(?:s|ting)? my (?:wrists?|throat)\b",
    "starve myself": rf"\bstarv(?:e|es|ed|ing) {_SELF}\b",
    "overdose": r"\boverdos(?:e|es|ed|ing)\b",
    "take all my pills": (
        r"\b(?:take|takes|taking|took|swallow|swallowed|swallowing) all (?:of )?"
        r"(?:my|the|these|those) (?:pills|tablets|meds)\b"
    ),
    "no reason to live": (
        r"\bno (?:reason|point) (?:to|in) (?:live|living|going on|being alive)\b"
        r"(?! (?:with|there|here|in|near|together)\b)"
    ),
    "don't see the point of going on": (
        rf"\b(?:{_DONT}|{_CANT}) see (?:the|any) point (?:of|in) "
        r"(?:going on|living|being alive|being here|life)\b"
        r"(?! (?:that|this|a|an|the|with|to|about|my|our|his|her|their|dates?|trips?)\b)"
    ),
    "nothing to live for": r"\bnothing (?:left )?to live for\b",
    "not worth living": r"\b(?:not|isn ?t|ain ?t) worth living\b",
    "don't want to be here anymore": rf"\b{_DONT} want to be (?:here|alive) any ?more\b",
    "don't want to be alive": rf"\b{_DONT} want to (?:be alive|exist any ?more|live any ?more)\b",
    "can't go on living": rf"\b{_CANT} (?:go on|keep going) (?:living|any ?more|like this)\b",
    "hope I never wake up": (
        rf"\b(?:hope|wish) i (?:never|{_DONT}|won ?t) wake up\b|\band never wake up\b"
    ),
    "won't be around much longer": (
        r"\b(?:won ?t|will not) be (?:around|alive|here) (?:much|for) long(?:er)?\b"
    ),
    "unalive": r"\bunaliv(?:e|es|ed|ing)\b",
    "want it all to end": r"\bwant(?:s|ed)? (?:it|everything|it all|my life) (?:all )?to end\b",
    "jump off a bridge": r"\bjump(?:s|ing|ed)? (?:off|from) (?:a|the) (?:bridge|roof|building)\b",
    "tired of living": r"\b(?:tired|sick) of (?:living|being alive)\b",
    # Shorthand. "kms" is "kill myself" — but not "5 kms" or "kms away" (kilometres), and
    # never inside a word ("kmsl" is "kill myself laughing"). "Sewer slide" is the
    # algospeak spelling of suicide.
    "kms": r"(?<!\d )(?<!\d)\bkms\b(?! (?:away|from|to|of|down|up|north|south|east|west)\b)",
    "sewer slide": r"\bsewer ?slides?\b",
}
_CRISIS_PATTERNS = {label: re.compile(pattern) for label, pattern in CRISIS_PHRASES.items()}
# The same phrases with their spaces taken out, for words spelled out letter by letter
# ("k i l l  m y s e l f" reads as one word, "killmyself"): only ever tried on such a word,
# so ordinary text is never read without its spaces.
_SQUASHED_CRISIS_PATTERNS = {
    label: re.compile(pattern.replace(" ?", "").replace(" ", ""))
    for label, pattern in CRISIS_PHRASES.items()
    if " " in pattern
}
_SPELLED_OUT_MIN = 4  # letters: "k m s" is caught by the joined reading already


def _spelled_out(words: tuple[str, ...]) -> tuple[str, ...]:
    """Each run of single letters in the words, joined into one word (digits read as the
    letters they stand for), e.g. "k i l l m y s e l f" -> "killmyself"."""
    runs, run = [], []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if len(run) >= _SPELLED_OUT_MIN:
            runs.append(letters_for_digits("".join(run)))
        run = []
    return tuple(runs)


def detect_crisis(text: "str | Folded") -> list[str]:
    """The `CRISIS_PHRASES` labels that the text matches, in the list's order: on every
    reading of the text (as written, spelled-out letters joined), and, for a phrase spelled
    out letter by letter as a whole, on the joined letters without spaces."""
    folded = _folded(text)
    readings, spelled = folded.readings, folded.spelled
    return [
        label
        for label, pattern in _CRISIS_PATTERNS.items()
        if any(pattern.search(reading.line) for reading in readings)
        or (
            label in _SQUASHED_CRISIS_PATTERNS
            and any(_SQUASHED_CRISIS_PATTERNS[label].search(word) for word in spelled)
        )
    ]


# Telling someone else to kill themselves is harassment, not a crisis of the writer's: it is
# reported to the rules queue ("kys", "go kill yourself"), never answered with crisis lines.
# Reported speech ("he told me to kys") and the idiom "don't kill yourself over it" are not.
HARASSMENT_PHRASES: dict[str, str] = {
    "kys": r"(?<!told me to )(?<!said to )(?<!me to )\bkys\b",
    "kill yourself": (
        r"(?<!told me to )(?<!don t )(?<!dont )(?<!do not )(?<!never )"
        r"\b(?:go )?kill (?:your ?self|urself)\b"
        r"(?! (?:over|for|trying|working|worrying)\b)"
    ),
}
_HARASSMENT_PATTERNS = {label: re.compile(p) for label, p in HARASSMENT_PHRASES.items()}
FLAG_HARASSMENT = (
    "Reported automatically: it seems to tell someone to kill themselves (“{phrase}”)."
)


def detect_harassment(text: "str | Folded") -> list[str]:
    """The `HARASSMENT_PHRASES` labels the text matches (on every reading, as above)."""
    readings = _folded(text).readings
    return [
        label
        for label, pattern in _HARASSMENT_PATTERNS.items()
        if any(pattern.search(reading.line) for reading in readings)
    ]


# --- The verdict -------------------------------------------------------------------------


def screen_text(
    text: str,
    *,
    rules: Iterable[WatchRule],
    ex_names: Sequence[str] = (),
    is_new_member: bool = False,
    awaiting_approval: bool = False,
) -> Verdict:
    """Everything the forum must know about a post before saving it.

    Blocked posts go back to the member with `block_reasons`; held posts wait for a
    moderator; flagged posts are published and reported; crisis phrases show support.
    `awaiting_approval` says the author's posts still wait for a moderator (their first
    posts), which holds this one whatever it says.
    """
    folded = fold(text)  # once, for every detector below
    watched = match_watched_words(folded, rules)
    block_reasons = []
    if find_named_people(folded, with_first_names(ex_names)):
        block_reasons.append(BLOCK_EX_NAME)
    block_reasons += _reasons(watched, "block", BLOCK_WATCHED_WORD)
    if is_new_member and link_in(folded.plain):
        block_reasons.append(BLOCK_NEW_MEMBER_LINK)
    hold_reasons = _reasons(watched, "hold", HOLD_WATCHED_WORD)
    hold_reasons += [HOLD_PERSONAL_INFO[kind] for kind in personal_info_in(folded.plain)]
    if awaiting_approval:
        hold_reasons.append(HOLD_FIRST_POSTS)
    return Verdict(
        blocked=bool(block_reasons),
        block_reasons=block_reasons,
        hold_reasons=hold_reasons,
        flag_reasons=_reasons(watched, "flag", FLAG_WATCHED_WORD),
        crisis_phrases=detect_crisis(folded),
        harassment_phrases=detect_harassment(folded),
        awaiting_approval=awaiting_approval,
    )


def _reasons(matches: Iterable[WatchMatch], action: Action, message: str) -> list[str]:
    return [message.format(phrase=match.phrase) for match in matches if match.action == action]
