"""Screening a post before it is saved: text in, verdict out.

The forum calls `screen_text()` before it saves a post or a thread, so this module imports
nothing from `forum` (no import circles) and nothing from Django: it is pure, and a test
needs neither settings nor a database.

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
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal

from core.confusables import fold_for_matching, letters_for_digits, strip_disguises

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


@dataclass(frozen=True)
class Verdict:
    blocked: bool
    block_reasons: list[str]
    hold_reasons: list[str]
    flag_reasons: list[str]
    crisis_phrases: list[str]
    # "kys" and the like, addressed to others: reported as harassment (not a crisis).
    harassment_phrases: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return bool(self.hold_reasons)

    @property
    def flagged(self) -> bool:
        return bool(self.flag_reasons)


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


@lru_cache(maxsize=16)
def _readings(text: str) -> tuple[_Reading, ...]:
    """Every way of reading the text as words: as written, and with spelled-out words joined.

    Cached because `screen_text` reads the same text three times.
    """
    words = tuple(fold_for_matching(text).split())
    variants = dict.fromkeys(
        [words]
        + [_join_spelled_out(words, peel_first=first, peel_last=last) for first, last in _PEELINGS]
    )
    return tuple(_reading(variant) for variant in variants)


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return _join_spelled_out(fold_for_matching(phrase).split())


def _has_phrase(reading: _Reading, phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(
        reading.words[start : start + size] == phrase
        for start in reading.positions.get(phrase[0], ())
    )


def _appears(text: str, phrase: str) -> bool:
    words = _phrase_words(phrase)
    # A phrase of nothing but punctuation folds to no words and matches nothing.
    return bool(words) and any(_has_phrase(reading, words) for reading in _readings(text))


# --- Watched words -------------------------------------------------------------------


def match_watched_words(text: str, rules: Iterable[WatchRule]) -> list[WatchMatch]:
    """The rules whose phrase appears in the text as whole words, in the rules' order."""
    matches = [
        WatchMatch(rule.phrase, rule.action) for rule in rules if _appears(text, rule.phrase)
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


def _names_someone(text: str, name: str) -> bool:
    words = _phrase_words(name)
    # A single letter is an initial, which is what we ask members to use instead.
    if sum(map(len, words)) < 2 or not _appears(text, name):
        return False
    if len(words) == 1 and words[0] in _NAMES_THAT_ARE_WORDS:
        capitalised = rf"(?<!\w){re.escape(words[0].capitalize())}(?!\w)"
        return bool(re.search(capitalised, strip_disguises(text)))
    return True


def find_named_people(text: str, names: Sequence[str]) -> list[str]:
    """Which of the names or handles appear in the text, as whole words, "@" or not."""
    return [name for name in dict.fromkeys(names) if _names_someone(text, name)]


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


def _spelled_out_words(text: str) -> list[str]:
    """Each run of single letters in the text, joined into one word (digits read as the
    letters they stand for), e.g. "k i l l m y s e l f" -> "killmyself"."""
    runs, run = [], []
    for word in [*fold_for_matching(text).split(), ""]:
        if len(word) == 1:
            run.append(word)
            continue
        if len(run) >= _SPELLED_OUT_MIN:
            runs.append(letters_for_digits("".join(run)))
        run = []
    return runs


def detect_crisis(text: str) -> list[str]:
    """The `CRISIS_PHRASES` labels that the text matches, in the list's order: on every
    reading of the text (as written, spelled-out letters joined), and, for a phrase spelled
    out letter by letter as a whole, on the joined letters without spaces."""
    readings = _readings(text)
    spelled = _spelled_out_words(text)
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


def detect_harassment(text: str) -> list[str]:
    """The `HARASSMENT_PHRASES` labels the text matches (on every reading, as above)."""
    readings = _readings(text)
    return [
        label
        for label, pattern in _HARASSMENT_PATTERNS.items()
        if any(pattern.search(reading.line) for reading in readings)
    ]


# --- Personal information --------------------------------------------------------------

# A run of digits with the separators phone numbers use. It may only start where a run
# starts, so a long run is scanned once; whether it is a phone number is decided below.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+(.-])\+?\(?\d[\d \t().-]*\d")
_DATE = re.compile(
    r"(?<!\d)(?:"
    r"(?:19|20)\d\d[-.](?:0?[1-9]|1[0-2])[-.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-.](?:0?[1-9]|1[0-2])[-.](?:19|20)\d\d"
    r"|(?:0?[1-9]|1[0-2])[-.](?:0?[1-9]|[12]\d|3[01])[-.](?:19|20)\d\d"
    r")(?!\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:[ .]\d{3})+|\d+\.\d+")
_LOCAL_NUMBER = re.compile(r"\(?\d{3}\)?[ .-]\d{4}|\d{4}[ .-]\d{4}")
_MOST_PIECES = 5


def _is_phone_number(candidate: str) -> bool:
    digits = sum(char.isdigit() for char in candidate)
    groups = re.findall(r"\d+", candidate)
    if not 7 <= digits <= 15 or _DATE.search(candidate):
        return False
    if len(groups) > 1 and all(_YEAR.fullmatch(group) for group in groups):
        return False  # "2019 2020", "1990-2000"
    if candidate.startswith("+"):
        return digits >= 8
    if _THOUSANDS.fullmatch(candidate):
        return False  # "1.000.000", "3.14159"
    return digits >= 10 or bool(_LOCAL_NUMBER.fullmatch(candidate))


def _has_phone_number(text: str) -> bool:
    for match in _PHONE_CANDIDATE.finditer(text):
        candidate = match.group()
        if _is_phone_number(candidate):
            return True
        # Two numbers side by side ("555 123 4567 555 987 6543") read as one long run.
        pieces = candidate.split()
        for start in range(len(pieces)):
            for end in range(start + 1, min(start + _MOST_PIECES, len(pieces)) + 1):
                if (start, end) != (0, len(pieces)) and _is_phone_number(
                    " ".join(pieces[start:end])
                ):
                    return True
    return False


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_EMAIL_PROVIDERS = "gmail|googlemail|yahoo|hotmail|outlook|live|icloud|protonmail|proton|aol|gmx"
# "jane [at] example [dot] com", "jane at gmail dot com", "jane(at)gmail.com". A bare
# " at " only counts before a provider or an obfuscated dot, so "look at example.com"
# stays a link and "meet me at the park" stays a sentence.
_OBFUSCATED_AT = re.compile(
    rf" ?{_OPEN} ?at ?{_CLOSE} ?"
    rf"| at (?=[\w-]+ ?(?:{_OPEN} ?(?:dot|\.) ?{_CLOSE}| dot ) ?\w)"
    rf"| at (?=(?:{_EMAIL_PROVIDERS})\b)",
    re.IGNORECASE,
)
_OBFUSCATED_DOT = re.compile(
    rf" ?{_OPEN} ?(?:dot|\.) ?{_CLOSE} ?| dot (?=(?:com|net|org|co|uk|io|me|edu|gov)\b)",
    re.IGNORECASE,
)


def _has_email_address(text: str) -> bool:
    text = _OBFUSCATED_DOT.sub(".", _OBFUSCATED_AT.sub("@", " ".join(text.split())))
    for match in _EMAIL.finditer(text):
        top_level = match.group().rsplit(".", 1)[1]
        if len(top_level) >= 2 and top_level.isalpha():
            return True
    return False


_STREET_TYPES_AFTER = (
    "street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|terrace|crescent|highway|hwy|"
    "parkway|pkwy|way|close|court|ct|place|pl|square|sq|row|walk|grove|gardens|mews|circle|"
    "trail|alley|plaza"
)
# Street types that are also everyday words ("2 years so close"): they only count when
# the street's name and type are capitalised ("42 Wallaby Way").
_EVERYDAY_STREET_TYPES = _word_set(
    "way close court ct place pl square sq row walk grove gardens circle trail plaza"
)
_STREET_TYPES_BEFORE = (
    "rue|avenue|boulevard|bd|calle|avenida|via|viale|piazza|strada|rua|chemin|allee|place|plaza"
)
_EVERYDAY_STREET_TYPES_BEFORE = _word_set("via place plaza")
_NAME_PARTICLES = _word_set("de du des la le del della di do da dos das")
# Words that follow a number in ordinary sentences ("5 minutes down the road").
_NOT_STREET_NAMES = _word_set(
    "a an the my your his her our their its this that these those on in at to of for from "
    "by with down up across along off over into onto and or but more other same different "
    "whole only long one very less few last next first day days week weeks month months "
    "year years hour hours minute minutes min mins second seconds time times mile miles km "
    "kms kilometres kilometers metres meters block blocks door doors house houses street "
    "streets road roads kids people friends things steps exits stops lanes"
)
_ADDRESS_TYPE_AFTER = re.compile(
    rf"(?<!\w)\d{{1,5}}[a-z]?,? +((?:[^\W\d_][\w'.-]* +){{1,3}})({_STREET_TYPES_AFTER})\b",
    re.IGNORECASE,
)
_ADDRESS_TYPE_BEFORE = re.compile(
    rf"(?<!\w)\d{{1,5}}[a-z]?,? +({_STREET_TYPES_BEFORE}) +([^\W\d_][\w'-]*)",
    re.IGNORECASE,
)


def _is_street_after(name: str, street_type: str) -> bool:
    words = name.split()
    if any(word.lower().strip(".'") in _NOT_STREET_NAMES for word in words):
        return False
    if street_type.lower() in _EVERYDAY_STREET_TYPES:
        return all(word[0].isupper() for word in [*words, street_type])
    return True


def _is_street_before(street_type: str, next_word: str) -> bool:
    if street_type.lower() in _EVERYDAY_STREET_TYPES_BEFORE:
        return next_word[0].isupper() or next_word.lower() in _NAME_PARTICLES
    return next_word.lower() not in _NOT_STREET_NAMES


def _has_street_address(text: str) -> bool:
    return any(
        _is_street_after(match[1], match[2]) for match in _ADDRESS_TYPE_AFTER.finditer(text)
    ) or any(_is_street_before(match[1], match[2]) for match in _ADDRESS_TYPE_BEFORE.finditer(text))


# Numbers written another way. "555_867_5309", "555/867/5309": any of these between two digits
# reads as a dash (dates stay dates: "12/05/2023" becomes "12-05-2023", which _DATE knows).
_ODD_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[ \t]*[_/\\|*~=#;][ \t]*(?=\d)")
_UNIT_WORDS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBER_WORD = rf"(?:{'|'.join([*_UNIT_WORDS, *_TENS_WORDS, 'hundred', 'and'])})"
# A run of number words ("five five five", "forty-two", "twelve hundred and six"), possibly
# mixed with digit groups ("555 eight six seven 5309"), whole words only.
_NUMBER_WORD_RUN = re.compile(
    rf"(?<![\w-])(?:{_NUMBER_WORD}|\d+)(?:[ \t,.-]+(?:{_NUMBER_WORD}|\d+))*(?![\w-])",
    re.IGNORECASE,
)


def _spoken_number(words: list[str]) -> list[str]:
    """Number words as the digits they say: each word is a number of its own ("five five" is
    5 5, as phone numbers are read out), except a ten before a unit ("forty two": 42) and a
    hundred ("twelve hundred and six": 1206)."""
    numbers: list[str] = []
    pending: int | None = None  # a value that a following word may still add to
    for word in words:
        lower = word.lower()
        if lower == "and":
            continue
        if lower == "hundred" and pending is not None:
            pending *= 100
            continue
        value = _UNIT_WORDS.get(lower, _TENS_WORDS.get(lower))
        if value is None:  # "hundred" with nothing before, or a digit group
            if pending is not None:
                numbers.append(str(pending))
                pending = None
            if lower != "hundred":
                numbers.append(word)
            continue
        if pending is not None and pending % 10 == 0 and pending >= 20 and value < 10:
            pending += value  # "forty" "two"
        elif pending is not None and pending >= 100 and pending % 100 == 0 and value < 100:
            pending += value  # "twelve hundred" "six"
        else:
            if pending is not None:
                numbers.append(str(pending))
            pending = value
    if pending is not None:
        numbers.append(str(pending))
    return numbers


def _digits_for_words(match: re.Match) -> str:
    words = re.split(r"[ \t,.-]+", match.group())
    spoken = [word for word in words if not word.isdigit()]
    # "oh" and "and" are only numbers beside other number words ("five oh nine", not "oh no").
    if not any(word.lower() not in ("oh", "and") for word in spoken):
        return match.group()
    numbers = _spoken_number(words)
    if len(numbers) >= 7 and all(len(number) == 1 for number in numbers):
        # Digits read out one by one carry no grouping: group them as a local number is
        # written ("five five five one two three four": 555 1234), unless they only count
        # ("one two three four five six seven").
        counting = all(int(b) - int(a) == 1 for a, b in zip(numbers, numbers[1:], strict=False))
        if not counting:
            return "".join(numbers[:3]) + " " + "".join(numbers[3:])
    return " ".join(numbers)


def _numbers_as_digits(text: str) -> str:
    """The text with numbers spelled out or oddly separated written as digits, so that
    "five five five, eight six seven…" and "twelve Elm Street" read like the numbers and
    addresses they are. Runs of number words become digit groups; other text is unchanged."""
    text = _ODD_DIGIT_SEPARATOR.sub("-", text)
    if not any(word in text.lower() for word in ("zero", "oh", "one", "two", "thr", "fo", "fi",
                                                 "six", "sev", "eig", "nin", "ten", "twe",
                                                 "thi", "hundred")):  # fmt: skip
        return text
    return _NUMBER_WORD_RUN.sub(_digits_for_words, text)


def find_personal_info(text: str) -> list[str]:
    """Which kinds of personal information the text seems to share: "phone", "email", "address".

    Read from the text as shown, with its punctuation, so that digits keep their grouping;
    phone numbers and street addresses are looked for again with numbers in words, mixed
    forms and odd separators read as digits ("five five five 867_5309", "twelve Elm St").
    """
    plain = strip_disguises(text)
    numbers = _numbers_as_digits(plain)
    reread = numbers != plain  # most text has nothing to rewrite: read it once
    found = {
        "phone": _has_phone_number(plain) or (reread and _has_phone_number(numbers)),
        "email": _has_email_address(plain),
        "address": _has_street_address(plain) or (reread and _has_street_address(numbers)),
    }
    return [kind for kind, present in found.items() if present]


# --- Links -------------------------------------------------------------------------------

# Top-level domains worth catching bare ("example.com"). Ones that are English words
# ("in", "is", "it", "to", "so", "live") are left out: "did it.So" is a typo, not a link.
_BARE_DOMAIN_ENDINGS = (
    "com|net|org|io|co|uk|us|ca|au|nz|ie|de|fr|es|nl|eu|ru|info|biz|app|dev|ly|gg|tv|xyz|"
    "me|site|online|store|shop|blog|link|page|ai|gov|edu|cc|fm|tk|ws|club"
)
_LINK = re.compile(
    r"\b(?:https?|ftp)://"
    r"|\bwww\d?\."
    r"|\]\("  # Markdown: [words](address)
    r"|\bhref\s?="
    rf"|(?<![\w.@-])(?:[a-z0-9-]+\.)+(?:{_BARE_DOMAIN_ENDINGS})(?![\w@-])"
    rf"|\w ?{_OPEN} ?(?:\.|dot) ?{_CLOSE} ?\w",  # example[.]com
    re.IGNORECASE,
)


def contains_link(text: str) -> bool:
    """True when the text holds a web address in any common form, Markdown links included."""
    return bool(_LINK.search(strip_disguises(text)))


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
    watched = match_watched_words(text, rules)
    block_reasons = []
    if find_named_people(text, ex_names):
        block_reasons.append(BLOCK_EX_NAME)
    block_reasons += _reasons(watched, "block", BLOCK_WATCHED_WORD)
    if is_new_member and contains_link(text):
        block_reasons.append(BLOCK_NEW_MEMBER_LINK)
    hold_reasons = _reasons(watched, "hold", HOLD_WATCHED_WORD)
    hold_reasons += [HOLD_PERSONAL_INFO[kind] for kind in find_personal_info(text)]
    if awaiting_approval:
        hold_reasons.append(HOLD_FIRST_POSTS)
    return Verdict(
        blocked=bool(block_reasons),
        block_reasons=block_reasons,
        hold_reasons=hold_reasons,
        flag_reasons=_reasons(watched, "flag", FLAG_WATCHED_WORD),
        crisis_phrases=detect_crisis(text),
        harassment_phrases=detect_harassment(text),
    )


def _reasons(matches: Iterable[WatchMatch], action: Action, message: str) -> list[str]:
    return [message.format(phrase=match.phrase) for match in matches if match.action == action]


# --- Screening a member's text ------------------------------------------------------------

# Defaults for the settings HOLDFAST_NEW_ACCOUNT_DAYS, HOLDFAST_NEW_ACCOUNT_POSTS and
# HOLDFAST_APPROVAL_POSTS (config/settings.py), used when Django is not configured.
NEW_MEMBER_DAYS = 3
NEW_MEMBER_POSTS = 3
APPROVAL_POSTS = 2


def _setting(name: str, default: int) -> int:
    # Imported here, not at the top, so that importing this module never imports Django
    # (tests/moderation/test_screening.py checks it): the forum imports screening while
    # its own models load, and pure text checks should run without settings at all.
    from django.conf import settings

    return getattr(settings, name, default) if settings.configured else default


def is_new_member(author, *, now: datetime | None = None) -> bool:
    """Joined less than HOLDFAST_NEW_ACCOUNT_DAYS (3) days ago, or fewer than
    HOLDFAST_NEW_ACCOUNT_POSTS (3) posts so far."""
    now = now or datetime.now(UTC)
    days = _setting("HOLDFAST_NEW_ACCOUNT_DAYS", NEW_MEMBER_DAYS)
    posts = _setting("HOLDFAST_NEW_ACCOUNT_POSTS", NEW_MEMBER_POSTS)
    return now - author.date_joined < timedelta(days=days) or author.post_count < posts


def awaits_approval(author) -> bool:
    """Whether the author's next post waits in the approval queue: it is one of their first
    HOLDFAST_APPROVAL_POSTS (2) posts. Moderators never wait, and neither do accounts
    nobody can log in as (the forum's "Holdfast team" account, which posts only from the
    server's own commands); 0 turns the queue off."""
    from moderation import permissions  # pure, but it imports Django (see _setting)

    first_posts = _setting("HOLDFAST_APPROVAL_POSTS", APPROVAL_POSTS)
    return (
        author.post_count < first_posts
        and author.has_usable_password()
        and not permissions.is_moderator(author)
    )


def screen_for(author, text: str, *, editing: bool = False) -> Verdict:
    """Screen what `author` is about to post. The forum calls this before every save.

    Loads the site's watched words (cached) and the author's private list of names from the
    moderation app's models. The import is inside the function for two reasons: this module
    must stay importable without Django (see _setting), and moderation.selectors imports
    moderation.models, which refer to forum's models — importing them while the forum's own
    models load would be an import circle.

    `editing`: the text replaces a post the author already wrote, so it is not one of their
    first posts (the approval queue is for new posts only).
    """
    from moderation import selectors

    return screen_text(
        text,
        rules=selectors.watch_rules(),
        ex_names=selectors.ex_names_of(author),
        is_new_member=is_new_member(author),
        awaiting_approval=not editing and awaits_approval(author),
    )
