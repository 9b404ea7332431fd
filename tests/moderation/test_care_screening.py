"""Crisis detection's shorthand and spelled-out letters, and "kys" as harassment: a corpus of
phrasings both ways, so that what a crisis item escalates is caught and false alarms stay
rare (docs/care.md). Pure: no database."""

import pytest

from moderation.screening import detect_crisis, detect_harassment, screen_text

CAUGHT = [
    ("kms", "kms"),
    ("honestly i might just kms", "kms"),
    ("KMS", "kms"),
    ("k.m.s", "kms"),
    ("k m s tonight", "kms"),
    ("k i l l  m y s e l f", "kill myself"),
    ("k.i.l.l m.y.s.e.l.f", "kill myself"),
    ("K-I-L-L-M-Y-S-E-L-F", "kill myself"),
    ("s.u.i.c.i.d.e", "suicide"),
    ("s u i c i d e", "suicide"),
    ("s-u-1-c-1-d-3", "suicide"),
    ("e n d  m y  l i f e", "end my life"),
    ("i want to d i e", "want to die"),
    ("kill m y s e l f", "kill myself"),
    ("thinking about sewer slide", "sewer slide"),
    ("I just want to die some days", "want to die"),
    ("I don't see the point of going on", "don't see the point of going on"),
    ("i cant see any point in living", "don't see the point of going on"),
]

NOT_CAUGHT = [
    "skills",
    "My skills are rusty",
    "kmsl that was so funny",  # "kill myself laughing"
    "I walked 5 kms today",
    "it's 10 kms away from here",
    "the kms from home to work",
    "okms",
    "thekmsgroup",
    "s k i l l s",
    "I killed it at work today",
    "he told me to kys",  # reported speech: neither crisis nor harassment
    "kys",  # harassment, not the writer's crisis
    "go kill yourself",
    "Suicide Squad was a fun film",
    "I cut myself off from him",
    "I don't see the point of going on that date",
]


@pytest.mark.parametrize(("text", "label"), CAUGHT)
def test_crisis_detection_escalates_shorthand_and_spelled_out_letters(text, label):
    assert label in detect_crisis(text)


@pytest.mark.parametrize("text", NOT_CAUGHT)
def test_crisis_detection_escalates_no_false_alarm(text):
    assert detect_crisis(text) == []


@pytest.mark.parametrize(
    ("text", "label"),
    [("kys", "kys"), ("just kys already", "kys"), ("go kill yourself", "kill yourself")],
)
def test_kys_escalates_as_harassment_not_crisis(text, label):
    verdict = screen_text(text, rules=())
    assert verdict.crisis_phrases == [] and label in verdict.harassment_phrases


@pytest.mark.parametrize(
    "text",
    [
        "he told me to kys and I blocked him",
        "don't kill yourself over it, it's one exam",
        "never kill yourself trying to please them",
        "keys",
        "skys",
    ],
)
def test_kys_escalates_nothing_when_not_said_to_someone(text):
    assert detect_harassment(text) == []
