"""The mixed workload (issue 17): many members and visitors reading many pages, a few writing.

The per-page table asks for one page over and over, so nearly every request is a whole-page
cache hit. Here, on the same seeded data, wrk plays a crowd: 1,000 signed-in members (real
sessions, made by Django's own log-in, with their CSRF cookies) and visitors, reading threads
picked with Zipf popularity over every thread (first pages, last pages and deep pages of long
threads), the home page, categories, profiles, search with varied words, notifications and the
streak page — while WRITE_SHARE of the requests write: replies, reactions and check-ins, posted
through the real forms (CSRF and all), each bumping what it should in the page cache.

The sequence of requests is drawn here, in Python, with a fixed seed (plan()), and handed to
wrk as a Lua script (bench/mixed_lua.py): wrk stays the load generator, so the crowd costs the
2-core machine no more than the per-page runs do. Each wrk thread walks the sequence from its
own offset; writes are formatted as they go so every reply's text is new.

wrk reports the whole run (requests/s, p50/p99 as the client saw them, errors); the site runs
under bench.counted_wsgi, which adds what wrk cannot see: each page kind's p50/p99 inside the
server and the page cache's hits per GET (the hit ratio).

Every member request carries its own X-Forwarded-For (the site runs with TRUSTED_PROXY_COUNT=1,
as behind nginx): otherwise the rate limits per address would count a thousand members as one.
"""

import bisect
import math
import random
from dataclasses import dataclass, field
from urllib.parse import quote_plus

MEMBERS = 1_000
WRITE_SHARE = 0.02
MEMBER_SHARE = 0.6  # of the reads; the rest are visitors
ZIPF_EXPONENT = 1.0
POSTS_PER_PAGE = 20
SEQUENCE_LENGTH = 20_000

# What a reader asks for, by weight. Visitors have no notifications and no streak page.
MEMBER_READS = {
    "thread_first": 27,
    "thread_last": 11,
    "thread_deep": 7,
    "home": 15,
    "category": 10,
    "profile": 8,
    "search": 7,
    "notifications": 8,
    "streak": 7,
}
VISITOR_READS = {
    kind: weight for kind, weight in MEMBER_READS.items() if kind not in {"notifications", "streak"}
}
WRITES = {"reply": 40, "react": 40, "check_in": 20}
WRITE_KINDS = frozenset(WRITES)

SEARCH_WORDS = [
    "lighthouse",
    "contact",
    "morning",
    "blocking",
    "therapy",
    "weekend",
    "photos",
    "silence",
    "strength",
    "friends",
    "list reasons",
    "no contact",
    "texted",
    "walk",
    "pattern",
    "peace",
]


@dataclass(frozen=True)
class Thread:
    path: str  # /t/<pk>/<slug>/
    pk: int
    posts: int
    last_post_pk: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.posts / POSTS_PER_PAGE))


@dataclass(frozen=True)
class Member:
    username: str
    session: str
    csrf: str
    address: str  # the X-Forwarded-For this member's requests carry


@dataclass(frozen=True)
class Request:
    kind: str
    path: str
    method: str = "GET"
    member: int | None = None  # index into Site.members; None: a visitor
    form: dict = field(default_factory=dict)  # a write's fields, without the CSRF token
    address: str = ""  # a visitor's X-Forwarded-For


@dataclass
class Site:
    """What the workload needs to know of the seeded data."""

    threads: list[Thread]
    categories: list[str]
    usernames: list[str]  # every member, for profiles
    members: list[Member]


class Zipf:
    """Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1) ** exponent."""

    def __init__(self, n: int, exponent: float = ZIPF_EXPONENT):
        total, self.cumulative = 0.0, []
        for rank in range(n):
            total += 1 / (rank + 1) ** exponent
            self.cumulative.append(total)

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan(site: Site, *, length: int = SEQUENCE_LENGTH, seed: int = 2026) -> list[Request]:
    """The sequence of requests, the same for the same site and seed."""
    rng = random.Random(seed)
    popularity = list(range(len(site.threads)))
    rng.shuffle(popularity)  # which thread is the most read: not simply the newest
    zipf = Zipf(len(site.threads))
    profiles = Zipf(len(site.usernames))
    requests = []
    for _ in range(length):
        thread = site.threads[popularity[zipf.draw(rng)]]
        if rng.random() < WRITE_SHARE:
            requests.append(_write(rng, site, thread))
            continue
        member = rng.randrange(len(site.members)) if rng.random() < MEMBER_SHARE else None
        kind = _pick(rng, MEMBER_READS if member is not None else VISITOR_READS)
        address = "" if member is not None else f"10.200.{rng.randrange(256)}.{rng.randrange(256)}"
        path = _read_path(rng, site, kind, thread, profiles)
        requests.append(Request(kind=kind, path=path, member=member, address=address))
    return requests


def _read_path(rng, site: Site, kind: str, thread: Thread, profiles: Zipf) -> str:
    if kind == "thread_first":
        return thread.path
    if kind == "thread_last":
        return f"{thread.path}?page={thread.pages}" if thread.pages > 1 else thread.path
    if kind == "thread_deep":
        return f"{thread.path}?page={rng.randint(1, thread.pages)}"
    if kind == "home":
        return "/"
    if kind == "category":
        return rng.choice(site.categories)
    if kind == "profile":
        return f"/u/{site.usernames[profiles.draw(rng)]}/"
    if kind == "search":
        return f"/search/?q={quote_plus(rng.choice(SEARCH_WORDS))}"
    if kind == "notifications":
        return "/notifications/"
    if kind == "streak":
        return "/streak/"
    raise ValueError(kind)


def _write(rng, site: Site, thread: Thread) -> Request:
    kind = _pick(rng, WRITES)
    member = rng.randrange(len(site.members))
    if kind == "reply":
        # The body gets a serial number as wrk sends it (see lua_script): never the same twice.
        form = {"body": "Holding on with you today, one hour at a time. Reply {n}."}
        return Request(kind, f"/t/{thread.pk}/reply/", "POST", member, form)
    if kind == "react":
        form = {"kind": rng.choice(["helped", "strength"])}
        return Request(kind, f"/p/{thread.last_post_pk}/react/", "POST", member, form)
    return Request(kind, "/streak/check-in/today/", "POST", member, {})


def kind_of(path: str, method: str = "GET") -> str:
    """The page kind of a request, from its path: how the server names what it timed."""
    path, _, query = path.partition("?")
    if method == "POST":
        if path.endswith("/reply/"):
            return "reply"
        if path.endswith("/react/"):
            return "react"
        if path.startswith("/streak/check-in"):
            return "check_in"
        return "other_write"
    if path == "/":
        return "home"
    if path.startswith("/t/"):
        page = dict(p.partition("=")[::2] for p in query.split("&") if p).get("page", "1")
        return "thread_first" if page in ("", "1") else "thread_page"
    if path.startswith("/c/"):
        return "category"
    if path.startswith("/u/") and path.count("/") == 3 and path.endswith("/"):
        return "profile"
    if path.startswith("/search/"):
        return "search"
    if path.startswith("/notifications/"):
        return "notifications"
    if path.rstrip("/") == "/streak":
        return "streak"
    return "other"


def samples(requests: list[Request]) -> list[Request]:
    """The first request of each kind, a member's and a visitor's: what the run checks before
    it measures (a member's page answering with the log-in page would be measured as fast)."""
    seen, found = set(), []
    for request in requests:
        key = (request.kind, request.member is None)
        if key not in seen:
            seen.add(key)
            found.append(request)
    return found


def check(site: Site, request: Request, send) -> str | None:
    """What is wrong with one sample's answer, or None. `send(method, path, data, cookies,
    headers)` returns (status, location). Reads must answer 200; writes must redirect, and
    not to the log-in page."""
    cookies, headers, data = {}, {"X-Forwarded-For": request.address or "10.200.0.1"}, None
    if request.member is not None:
        member = site.members[request.member]
        cookies = {"sessionid": member.session, "csrftoken": member.csrf}
        headers["X-Forwarded-For"] = member.address
    if request.method == "POST":
        form = {k: v.replace("{n}", "check") for k, v in request.form.items()}
        data = {"csrfmiddlewaretoken": site.members[request.member].csrf, **form}
    status, location = send(request.method, request.path, data, cookies, headers)
    who = "a visitor" if request.member is None else "a member"
    if request.method == "GET" and status != 200:
        return f"{request.kind} answers {status} to {who} ({request.path})"
    if request.method == "POST" and (status != 302 or "/accounts/login" in location):
        return f"{request.kind} answers {status} {location} to {who} ({request.path})"
    return None
