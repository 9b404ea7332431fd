"""The mixed workload (issue 17): many members and visitors reading many pages, a few writing.

The per-page table asks for one page over and over, so nearly every request is a whole-page
cache hit. Here, on the same seeded data, wrk plays a crowd: 1,000 signed-in members (real
sessions, made by Django's own log-in, with their CSRF cookies) and visitors, reading threads
picked with Zipf popularity over every thread (first pages, last pages and deep pages of long
threads), the home page, categories, profiles, search with varied words, notifications and the
streak page — while WRITE_SHARE of the requests write: replies, reactions and check-ins, posted
through the real forms (CSRF and all), each bumping what it should in the page cache.

The sequence of requests is drawn here, in Python, with a fixed seed (plan()), and handed to
wrk as a Lua script (lua_script()): wrk stays the load generator, so the crowd costs the
2-core machine no more than the per-page runs do. Each wrk thread walks the sequence from its
own offset; writes are formatted as they go so every reply's text is new.

wrk reports the whole run (requests/s, p50/p99 as the client saw them, errors); the site runs
under bench.counted_wsgi, which adds what wrk cannot see: each page kind's p50/p99 inside the
server and the page cache's hits per GET (the hit ratio).

Every member request carries its own X-Forwarded-For (the site runs with TRUSTED_PROXY_COUNT=1,
as behind nginx): otherwise the rate limits per address would count a thousand members as one.
"""

import bisect
import json
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


# --- The Lua script wrk runs ----------------------------------------------------------------


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for what we put in it


def lua_script(
    site: Site, requests: list[Request], *, rate_per_connection: float = 0, warmup: bool = False
) -> str:
    """wrk's script: the sequence as Lua tables; reads are formatted once in init(), writes
    as they are sent (a fresh serial number in a reply's text). With rate_per_connection,
    each connection waits between requests so the whole run keeps a steady rate (the soak).
    A warm-up's requests say so (X-Bench-Warmup), and bench.counted_wsgi leaves them out."""
    lines = ["local seq = {"]
    for request in requests:
        headers = {}
        if request.member is not None:
            member = site.members[request.member]
            cookie = f"sessionid={member.session}; csrftoken={member.csrf}"
            headers = {"Cookie": cookie, "X-Forwarded-For": member.address}
        elif request.address:
            headers = {"X-Forwarded-For": request.address}
        body = ""
        if request.method == "POST":
            member = site.members[request.member]
            form = {"csrfmiddlewaretoken": member.csrf, **request.form}
            body = "&".join(f"{k}={quote_plus(v)}" for k, v in form.items())
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        header_lua = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
        lines.append(
            f"  {{{_lua_string(request.method)}, {_lua_string(request.path)}, "
            f"{{{header_lua}}}, {_lua_string(body)}}},"
        )
    lines.append("}")
    delay = round(1000 / rate_per_connection) if rate_per_connection else 0
    lines.append(_LUA_BODY.replace("DELAY_MS", str(delay)))
    if warmup:
        lines.append('wrk.headers["X-Bench-Warmup"] = "1"')
    return "\n".join(lines) + "\n"


_LUA_BODY = """
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local formatted = {}
local position = 1
local serial = 0

function init(args)
  wrk.headers["Host"] = "127.0.0.1"
  for i, r in ipairs(seq) do
    if r[1] == "GET" then
      formatted[i] = wrk.format("GET", r[2], r[3])
    end
  end
  -- Each thread walks the sequence from its own offset.
  position = (id * 7919) % #seq + 1
end

function request()
  local r = seq[position]
  local ready = formatted[position]
  position = position % #seq + 1
  if ready then
    return ready
  end
  serial = serial + 1
  local body = string.gsub(r[4], "%%7Bn%%7D", tostring(id) .. "-" .. tostring(serial))
  return wrk.format("POST", r[2], r[3], body)
end

local delay_ms = DELAY_MS
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
"""


# --- What the server counted (bench.counted_wsgi) ------------------------------------------


def bucket(ms: float) -> str:
    """A latency's histogram bucket (a JSON key): 0.1 ms below 100 ms, 1 ms below a second,
    10 ms above."""
    if ms < 100:
        return f"{ms:.1f}"
    if ms < 1000:
        return f"{ms:.0f}"
    return f"{round(ms, -1):.0f}"


def percentile(histogram: dict, share: float) -> float | None:
    """The nearest-rank percentile (share in 0..1) of a histogram {bucket: count}, or None
    when it is empty."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(share * total)), 0
    for key in sorted(histogram, key=float):
        seen += histogram[key]
        if seen >= rank:
            return float(key)
    raise AssertionError("unreachable: the ranks add up to the total")


def summarise(counts: list[dict]) -> dict:
    """The counts of every worker process, merged: per page kind its requests and p50/p99 in
    ms (server side), and the page cache's hit ratio over every GET."""
    merged: dict[str, dict] = {}
    gets = hits = 0
    for process in counts:
        gets += process["gets"]
        hits += process["hits"]
        for kind, histogram in process["ms"].items():
            into = merged.setdefault(kind, {})
            for key, count in histogram.items():
                into[key] = into.get(key, 0) + count
    kinds = {
        kind: {
            "requests": sum(histogram.values()),
            "p50_ms": percentile(histogram, 0.5),
            "p99_ms": percentile(histogram, 0.99),
        }
        for kind, histogram in sorted(merged.items())
    }
    return {"gets": gets, "hits": hits, "hit_ratio": round(hits / gets, 3) if gets else None} | {
        "kinds": kinds
    }


# --- Running it against real servers (bench/run.py, bench/soak.py) ---------------------------

SITE_SCRIPT = """
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from accounts.models import User
from forum.models import Category, Status, Thread

usernames = list(User.objects.order_by("pk").values_list("username", flat=True))
# Every other member has a streak (bench/seed.py): the members who sign in are those.
readers = User.objects.filter(username__in=usernames[::2][:MEMBERS]).order_by("pk")
members = []
for user in readers:
    client = Client()
    client.force_login(user)  # Django's own log-in: a real session, in the session store
    members.append([user.username, client.cookies["sessionid"].value, _get_new_csrf_string()])
threads = [
    [thread.get_absolute_url(), thread.pk, thread.last_post_number, thread.last_post_id]
    for thread in Thread.objects.filter(status=Status.PUBLISHED, last_post__isnull=False).only(
        "pk", "slug", "last_post_number", "last_post_id"
    )
]
categories = [category.get_absolute_url() for category in Category.objects.all()]
result = {"usernames": usernames, "members": members, "threads": threads, "categories": categories}
"""


def load_site(database, env: dict) -> Site:
    """Sign the members in (sessions in the site's own store: env has its Redis) and read
    what the workload picks from."""
    found = database.run_script(SITE_SCRIPT.replace("MEMBERS", str(MEMBERS)), **env)
    return site_from(found)


def site_from(found: dict) -> Site:
    return Site(
        threads=[Thread(path, pk, posts, last) for path, pk, posts, last in found["threads"]],
        categories=found["categories"],
        usernames=found["usernames"],
        members=[
            Member(name, session, csrf, f"10.100.{n // 256}.{n % 256}")
            for n, (name, session, csrf) in enumerate(found["members"])
        ],
    )


def write_scripts(site: Site, directory, *, rate_per_connection: float = 0) -> tuple[str, str]:
    """The measured run's Lua script and the warm-up's, written into `directory`."""
    requests = plan(site)
    paths = []
    for warmup in (False, True):
        path = directory / f"mixed{'-warmup' if warmup else ''}.lua"
        path.write_text(
            lua_script(site, requests, rate_per_connection=rate_per_connection, warmup=warmup)
        )
        paths.append(str(path))
    return paths[0], paths[1]


def read_counts(directory) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def result_row(db: str, measured: dict, floor_rps: float, summary: dict, server_errors: int):
    """The mixed workload's row in bench/results.json, with exactly the keys issue 17 names.
    `errors` counts wrk's (non-2xx/3xx answers, socket errors, timeouts) and the server's
    (tracebacks and "database is locked" in its log) together: both are a member let down."""
    return {
        "db": db,
        "page": "mixed",
        "user": "mixed",
        "rps": measured["rps"],
        "p50_ms": measured["p50_ms"],
        "p99_ms": measured["p99_ms"],
        "errors": measured["errors"] + server_errors,
        "hit_ratio": summary["hit_ratio"],
        "ratio_to_floor": round(measured["rps"] / floor_rps, 3),
    }


def kinds_table(summary: dict) -> str:
    """Each page kind's requests and p50/p99 as the server timed them, for the terminal."""
    lines = [f"    {'kind':<15}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}"]
    for kind, row in summary["kinds"].items():
        lines.append(
            f"    {kind:<15}{row['requests']:>9}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}"
        )
    return "\n".join(lines)


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
