"""The forum's starting content, written in our own words: categories, and one thread per
topic of the article the community was started in answer to ("Cut him off, he will miss
you"). Each opening post gives one line stating the article's claim, a question inviting
members' honest experience, and — where the claim could become a tactic to manipulate or
win someone back — a gentle reminder of what no contact means here.

Titles keep the article's own numbering, which skips 7; we keep its numbers as they are so
members can match a thread to the article.

Used by `manage.py seed_forum`; data only, no logic.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedCategory:
    slug: str
    name: str
    description: str
    colour: str
    members_only: bool = False


@dataclass(frozen=True)
class SeedThread:
    category: str  # slug
    title: str
    claim: str
    question: str
    note: bool = True  # add the gentle reminder
    pinned: bool = False


START_HERE = "start-here"
REASONS = "the-articles-reasons"
QUESTIONS = "questions"

CATEGORIES = [
    SeedCategory(
        START_HERE,
        "Start here",
        "New to Holdfast? Say hello, read the guidelines, ask how things work.",
        "teal",
    ),
    SeedCategory(
        REASONS,
        "The article's reasons",
        "An article promises that cutting someone off makes them miss you. We take its "
        "reasons one at a time — and talk about what no contact means when it's for you.",
        "plum",
    ),
    SeedCategory(
        QUESTIONS,
        "Questions",
        "The article's closing questions, and the ones you're carrying.",
        "blue",
    ),
    SeedCategory(
        "daily-check-ins",
        "Daily check-ins",
        "A line a day: where you are, what helped, what you're holding onto.",
        "green",
    ),
    SeedCategory(
        "urges-relapses",
        "Urges & relapses",
        "When you want to reach out, or you did. Support, never judgement. Members only.",
        "rose",
        members_only=True,
    ),
    SeedCategory(
        "healing-moving-on",
        "Healing & moving on",
        "Routines, friendships, new interests — the slow return of yourself.",
        "amber",
    ),
]

GENTLE_NOTE = (
    "*A gentle note:* here, no contact isn't a move in a game or a way to make someone come "
    "back. It's space for your own healing — whatever the other person does or doesn't feel."
)

GUIDELINES_TITLE = "Community guidelines"
GUIDELINES_BODY = (
    "Welcome to Holdfast. Before you post, please read the **Community guidelines** — the "
    "link is at the foot of every page, and they live on that one page so they never drift "
    "out of date.\n\n"
    "The heart of them: be kind, because everyone here is hurting. No contact is for your own "
    "healing, not a tactic. Protect the people who aren't in the room — use initials, never "
    "names or details. Meet a reset with support, not judgement.\n\n"
    "If you or someone here may be in danger, use **Get help now** at the top of every page, "
    "and report the post so a moderator can reach out.\n\n"
    "Questions about the guidelines? Reply here and a moderator will answer."
)

THREADS = [
    SeedThread(
        REASONS,
        "1) Your presence has become a habit in his life",
        "The article's claim: going silent breaks a routine you were part of, and the gap is "
        "meant to make him long for it.",
        "Habits cut both ways. Which of your own routines still have their shape around "
        "someone who isn't there — and what have you tried putting in that space?",
    ),
    SeedThread(
        REASONS,
        "2) Not everyone is going to treat him with kindness",
        "The article's claim: once you're gone, he'll find that nobody else is as kind to him "
        "as you were.",
        "Were you kind at your own expense? What would it look like to turn some of that "
        "kindness towards yourself this week?",
    ),
    SeedThread(
        REASONS,
        "3) You make him feel less important",
        "The article's claim: cutting contact tells him you don't need him, and losing that "
        "importance is supposed to make him want it back.",
        "How much of your life was arranged around someone else's importance? What has "
        "started to matter to you since?",
    ),
    SeedThread(
        REASONS,
        "4) He’ll notice the lack of benefits",
        "The article's claim: he'll start to miss all the looking-after he took for granted.",
        "What did you carry in that relationship that nobody noticed? And who is looking "
        "after you now — or who could?",
    ),
    SeedThread(
        REASONS,
        "5) You won’t offer him support anymore",
        "The article's claim: without your support always on hand, he'll feel the gap.",
        "Were you someone's safety net, day and night? How are you learning to let others — "
        "and yourself — hold you up instead?",
    ),
    SeedThread(
        REASONS,
        "6) You won’t be affectionate with him anymore",
        "The article's claim: he'll miss the affection you used to show him.",
        "The affection was real for you too, and losing it hurts. Where do you find warmth "
        "these days — friends, family, a pet, your own company?",
    ),
    SeedThread(
        REASONS,
        "8) He’ll not like not being your priority",
        "The article's claim: he'll be unsettled to find he's no longer first in your life.",
        "When did you last put yourself first, even in something small? What got in the way, "
        "and what helped?",
    ),
    SeedThread(
        REASONS,
        "9) He’ll have his ego crushed",
        "The article's claim: your silence wounds his pride, and a wounded pride wants to "
        "repair things.",
        "An honest one: is part of you hoping the silence will hurt him? Where does that "
        "feeling come from, and what do you do with it when it shows up?",
    ),
    SeedThread(
        REASONS,
        "10) He will miss the sex",
        "The article's claim: physical closeness is one of the things he'll miss most.",
        "Losing closeness is one of the loneliest parts of a breakup. How are you looking "
        "after that loneliness, and what has made it a little easier?",
    ),
    SeedThread(
        REASONS,
        "11) He will realize your true value because he lost you",
        "The article's claim: people only see what someone was worth once they've lost them.",
        "Your worth doesn't wait on anyone else noticing it. What helps you believe that on "
        "the days you don't?",
    ),
    SeedThread(
        REASONS,
        "12) Men are inborn chasers and they like it",
        "The article's claim: walking away wakes up his urge to pursue you.",
        "Has the hope of being chased kept you checking your phone? What happens when you "
        "notice that hope and set it down for a moment?",
    ),
    SeedThread(
        REASONS,
        "13) He’ll find out how you felt",
        "The article's claim: silence will finally show him how much he hurt you.",
        "Is there something you still wish he understood? Where could those words go instead "
        "— a journal, a letter you never send, a post here?",
    ),
    SeedThread(
        REASONS,
        "14) He’ll suddenly find himself alone",
        "The article's claim: without you around, he'll be faced with being on his own.",
        "What about your own alone time? What has helped you through the quiet evenings and "
        "the empty weekends?",
    ),
    SeedThread(
        REASONS,
        "15) He’ll be drawn to your confidence",
        "The article's claim: a confident, independent you is supposed to draw him back.",
        "What does confidence feel like for you when nobody is watching? What is one thing "
        "you've done lately just because you wanted to?",
    ),
    SeedThread(
        REASONS,
        "16) Walking away will make his true feelings for you come to the surface",
        "The article's claim: distance brings out whatever he really feels for you.",
        "If his feelings never surface, what would you like your own feelings to become, a "
        "few months from now?",
    ),
    SeedThread(
        QUESTIONS,
        "How long does it take for a guy to miss you after no contact?",
        "The article's answer: there's no set time; it depends on the man and on how much he "
        "cared.",
        "Are you counting days for his sake or for yours? What does your own count mean to "
        "you, whatever anyone else is doing?",
    ),
    SeedThread(
        QUESTIONS,
        "What does silence do to a man?",
        "The article's answer: he may keep himself busy at first, but sooner or later he'll "
        "want you back.",
        "Turn the question around: what has silence done for you? What have you noticed in "
        "yourself since the messages stopped?",
    ),
    SeedThread(
        QUESTIONS,
        "Why does a man act differently when he gets rejected?",
        "The article's answer: how he behaves after being turned away may not match what he "
        "feels inside.",
        "Have you spent hours trying to decode an ex's behaviour? What changed — or what "
        "might change — when you let that puzzle rest?",
    ),
]


def opening_post(thread: SeedThread) -> str:
    parts = [thread.claim, thread.question]
    if thread.note:
        parts.append(GENTLE_NOTE)
    return "\n\n".join(parts)
