"""The forum's starting content, written in our own words: categories, and one thread per
item of the article the community was started in answer to ("Cut him off, he will miss
you", /work/shared/seed/article.txt): its fifteen reasons and its three closing questions.

Each title is a question of our own that turns the article's claim toward the member, with
no gender assumed about anyone's ex ("10) Is it the closeness you miss, or the person?", not
"He will miss the sex"). The opening post quotes the article's claim once, named as the
claim under discussion, says in a line what the article means by it, asks the member's own
experience, and closes with one of a few gentle notes about what no contact means here —
varied, so nineteen threads do not repeat one paragraph.

Reasons keep the article's own numbers, which skip 7 (the article announces sixteen reasons
and gives fifteen): members can match a thread to the article. The closing questions are not
numbered in the article, and are not here.

Every thread has a stable `key`: `seed_forum` finds its thread by it (Thread.seed_key) to
bring the words up to date. LEGACY_TITLES are the titles an earlier version of this file
used, by which a site seeded before keys existed has its threads adopted once.

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
    key: str  # stable: how seed_forum finds the thread again (Thread.seed_key)
    category: str  # slug
    title: str  # a question in our words, turned toward the member
    claim: str  # the article's own words, quoted once
    context: str  # what the article says about it, in a line of our own
    question: str
    note: int | None = 0  # which of NOTES closes the post (None: no note)
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

# The closing notes, used in turn. Each says, in its own way, that no contact here is for
# the member's own healing, never a tactic to make someone come back.
NOTES = [
    "*A gentle note:* here, no contact isn't a move in a game or a way to make someone come "
    "back. It's space for your own healing — whatever the other person does or doesn't feel.",
    "*Worth saying:* the article treats silence as a strategy. Here it's a boundary you keep "
    "for yourself, and it counts even if nobody ever notices it.",
    "*Something to hold onto:* you don't need anyone to miss you for this to be worth it. "
    "Every day you keep your distance is a day you chose yourself.",
    "*A reminder we all need:* whatever the other person feels or doesn't, your healing is "
    "not waiting on it. No contact is how you give yourself room.",
    "*Just so you know:* wondering whether they'll come back is human, and nobody here will "
    "judge you for it. The space you're keeping is still yours, not bait.",
    "*One thing we believe here:* no contact works when it's about your peace, not their "
    "reaction. You deserve the quiet you're building.",
]
GENTLE_NOTE = NOTES[0]  # the note every thread carried before they varied (LEGACY_BODIES)

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
        "article-01",
        REASONS,
        "1) What habits are you unlearning now that they're gone?",
        "Your presence has become a habit in his life",
        "The article says going silent breaks a routine you were part of, and that the gap "
        "will make the other person long for it.",
        "Habits cut both ways. Which of your own routines still have their shape around "
        "someone who isn't there — and what have you tried putting in that space?",
        note=0,
    ),
    SeedThread(
        "article-02",
        REASONS,
        "2) Who gets your kindness now — and is any of it for you?",
        "Not everyone is going to treat him with kindness",
        "The article says that once you're gone, nobody else will be as kind as you were.",
        "Were you kind at your own expense? What would it look like to turn some of that "
        "kindness towards yourself this week?",
        note=1,
    ),
    SeedThread(
        "article-03",
        REASONS,
        "3) Whose importance was your life arranged around?",
        "You make him feel less important",
        "The article says cutting contact shows you don't need them, and that losing that "
        "importance makes a person want it back.",
        "How much of your life was arranged around someone else's importance? What has "
        "started to matter to you since?",
        note=2,
    ),
    SeedThread(
        "article-04",
        REASONS,
        "4) What did you carry that nobody noticed?",
        "He’ll notice the lack of benefits",
        "The article says the other person will start to miss the looking-after they took "
        "for granted.",
        "What did you carry in that relationship that nobody noticed? And who is looking "
        "after you now — or who could?",
        note=3,
    ),
    SeedThread(
        "article-05",
        REASONS,
        "5) Who holds you up, now that you're not holding someone else?",
        "You won’t offer him support anymore",
        "The article says that without your support always on hand, the other person will "
        "feel the gap.",
        "Were you someone's safety net, day and night? How are you learning to let others — "
        "and yourself — hold you up instead?",
        note=4,
    ),
    SeedThread(
        "article-06",
        REASONS,
        "6) Where does warmth come from for you these days?",
        "You won’t be affectionate with him anymore",
        "The article says the affection you showed will be missed once it stops.",
        "The affection was real for you too, and losing it hurts. Where do you find warmth "
        "these days — friends, family, a pet, your own company?",
        note=5,
    ),
    SeedThread(
        "article-08",
        REASONS,
        "8) When did you last put yourself first?",
        "He’ll not like not being your priority",
        "The article says the other person will be unsettled to find they're no longer "
        "first in your life.",
        "When did you last put yourself first, even in something small? What got in the way, "
        "and what helped?",
        note=0,
    ),
    SeedThread(
        "article-09",
        REASONS,
        "9) Is part of you hoping the silence will hurt?",
        "He’ll have his ego crushed",
        "The article says silence wounds pride, and that wounded pride wants to repair things.",
        "An honest one: is part of you hoping the silence will hurt? Where does that feeling "
        "come from, and what do you do with it when it shows up?",
        note=1,
    ),
    SeedThread(
        "article-10",
        REASONS,
        "10) Is it the closeness you miss, or the person?",
        "He will miss the sex",
        "The article says physical closeness is one of the things that will be missed most.",
        "Losing closeness is one of the loneliest parts of a breakup. How are you looking "
        "after that loneliness, and what has made it a little easier?",
        note=2,
    ),
    SeedThread(
        "article-11",
        REASONS,
        "11) Does your worth wait on someone noticing it?",
        "He will realize your true value because he lost you",
        "The article says people only see what someone was worth once they've lost them.",
        "Your worth doesn't wait on anyone else noticing it. What helps you believe that on "
        "the days you don't?",
        note=3,
    ),
    SeedThread(
        "article-12",
        REASONS,
        "12) Are you waiting to be chased?",
        "Men are inborn chasers and they like it",
        "The article says walking away wakes up an urge to pursue you.",
        "Has the hope of being chased kept you checking your phone? What happens when you "
        "notice that hope and set it down for a moment?",
        note=4,
    ),
    SeedThread(
        "article-13",
        REASONS,
        "13) What do you still wish they understood?",
        "He’ll find out how you felt",
        "The article says silence will finally show the other person how much they hurt you.",
        "Is there something you still wish they understood? Where could those words go "
        "instead — a journal, a letter you never send, a post here?",
        note=5,
    ),
    SeedThread(
        "article-14",
        REASONS,
        "14) How are the quiet evenings treating you?",
        "He’ll suddenly find himself alone",
        "The article says that without you around, the other person will be faced with "
        "being on their own.",
        "What about your own alone time? What has helped you through the quiet evenings and "
        "the empty weekends?",
        note=0,
    ),
    SeedThread(
        "article-15",
        REASONS,
        "15) What does confidence feel like when nobody is watching?",
        "He’ll be drawn to your confidence",
        "The article says a confident, independent you is what draws someone back.",
        "What does confidence feel like for you when nobody is watching? What is one thing "
        "you've done lately just because you wanted to?",
        note=1,
    ),
    SeedThread(
        "article-16",
        REASONS,
        "16) If their feelings never surface, what would you like yours to become?",
        "Walking away will make his true feelings for you come to the surface",
        "The article says distance brings out whatever the other person really feels.",
        "If their feelings never surface, what would you like your own feelings to become, a "
        "few months from now?",
        note=2,
    ),
    SeedThread(
        "question-1",
        QUESTIONS,
        "Are you counting days for them, or for you?",
        "How long does it take for a guy to miss you after no contact?",
        "The article's answer: there's no set time; it depends on the person and on how much "
        "they cared.",
        "Are you counting days for their sake or for yours? What does your own count mean to "
        "you, whatever anyone else is doing?",
        note=3,
    ),
    SeedThread(
        "question-2",
        QUESTIONS,
        "What has the silence done for you?",
        "What does silence do to a man?",
        "The article's answer: they may keep busy at first, but sooner or later they'll want "
        "you back.",
        "Turn the question around: what has silence done for you? What have you noticed in "
        "yourself since the messages stopped?",
        note=4,
    ),
    SeedThread(
        "question-3",
        QUESTIONS,
        "Can you let the puzzle of their behaviour rest?",
        "Why does a man act differently when he gets rejected?",
        "The article's answer: how someone behaves after being turned away may not match what "
        "they feel inside.",
        "Have you spent hours trying to decode an ex's behaviour? What changed — or what "
        "might change — when you let that puzzle rest?",
        note=5,
    ),
]

GUIDELINES_KEY = "guidelines"

# Titles the threads had before they were keyed (the article's headings as they stood):
# seed_forum adopts a team thread with one of these titles, once, and then finds it by key.
LEGACY_TITLES = {
    "article-01": "1) Your presence has become a habit in his life",
    "article-02": "2) Not everyone is going to treat him with kindness",
    "article-03": "3) You make him feel less important",
    "article-04": "4) He’ll notice the lack of benefits",
    "article-05": "5) You won’t offer him support anymore",
    "article-06": "6) You won’t be affectionate with him anymore",
    "article-08": "8) He’ll not like not being your priority",
    "article-09": "9) He’ll have his ego crushed",
    "article-10": "10) He will miss the sex",
    "article-11": "11) He will realize your true value because he lost you",
    "article-12": "12) Men are inborn chasers and they like it",
    "article-13": "13) He’ll find out how you felt",
    "article-14": "14) He’ll suddenly find himself alone",
    "article-15": "15) He’ll be drawn to your confidence",
    "article-16": "16) Walking away will make his true feelings for you come to the surface",
    "question-1": "How long does it take for a guy to miss you after no contact?",
    "question-2": "What does silence do to a man?",
    "question-3": "Why does a man act differently when he gets rejected?",
    GUIDELINES_KEY: GUIDELINES_TITLE,
}


def _claim_heading(thread: SeedThread) -> str:
    if thread.category == QUESTIONS:
        return "**The claim under discussion** — one of the article's closing questions:"
    number = thread.title.split(")", 1)[0]
    return f"**The claim under discussion** — the article's reason {number}:"


def opening_post(thread: SeedThread) -> str:
    """The opening post's Markdown: the claim, quoted once and named as such; our line on
    what the article means; the question to the member; the thread's gentle note."""
    parts = [_claim_heading(thread), f"> {thread.claim}", thread.context, thread.question]
    if thread.note is not None:
        parts.append(NOTES[thread.note])
    return "\n\n".join(parts)
