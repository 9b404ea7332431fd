"""Every rate limit on the site: one table of named limits (LIMITS), one way to apply them
(allow()), and one kind message for a refusal (TOO_FAST).

    if not ratelimit.allow(request, "forum:reply", new_member=is_new_member(request.user)):
        ...  # refuse kindly with ratelimit.TOO_FAST, keeping what they wrote

Counting is a small sliding-window limiter on Django's cache (hit()), with a short window on
top for writes (hit_write()). docs/security.md lists the limits.

The windows slide because fixed ones start again at their boundary: a burst straddling two
could get twice the limit (and a test of the log-in limit, run in CI a minute before the
hour, found its count started again). Sliding costs a second cache round trip, paid only by
writes (no read is limited here). With REDIS_URL set every app server shares the counts;
with the local-memory cache each process counts on its own, which is fine for development
and tests.

Lives in core, below every app, so that accounts, forum and moderation share it.
"""

import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.core.cache import cache

_PREFIX = "ratelimit"

# Every write a member makes that has a long window also has this short one: a long window
# alone let an established member post 20 replies in 2.5 s (only the 21st was refused). Three
# in ten seconds is more than a person typing ever needs; the refusal reads the same.
BURST_LIMIT, BURST_PERIOD = 3, 10

# The one refusal, for every limit: what happened, what to do, and that nothing is lost.
TOO_FAST = (
    "That's a lot in a short time — please wait a few minutes and try again. "
    "Nothing you wrote has been lost."
)


@dataclass(frozen=True)
class Limit:
    """How many times per `period` seconds one member, and one address, may do a thing."""

    member: int | None  # per member; None: not counted per member (a page for visitors)
    period: int  # seconds
    # A lower `member` for members new to the site, where most spam comes from. The caller
    # says who is new (the forum asks accounts.roles.is_new_member): core knows no
    # trust levels.
    new_member: int | None = None
    ip: int | None = None  # per client address, counted alongside; None: not counted
    # Per member in any BURST_PERIOD seconds; 0: no short window (not a write, or one that
    # the long window alone already keeps to a handful).
    burst: int = BURST_LIMIT


# Every limit on the site, by name. Generous for a person, tight for a script. Tests pin
# these numbers.
LIMITS = {
    # The forum (forum/views/writing.py).
    "forum:thread": Limit(member=6, new_member=2, ip=12, period=3600),
    "forum:reply": Limit(member=20, new_member=6, ip=40, period=600),
    "forum:edit": Limit(member=30, new_member=10, ip=60, period=600),
    # A reader may thank several posts in a row.
    "forum:react": Limit(member=60, new_member=30, ip=120, period=600, burst=10),
    # Not a write: the live preview asks as the member types.
    "forum:preview": Limit(member=120, new_member=60, ip=240, period=600, burst=0),
    "forum:pledge": Limit(member=20, new_member=10, ip=40, period=600),
    # Muting, ignoring and warning choices (forum/views/muting.py): quiet switches, not posts.
    "forum:mute": Limit(member=60, period=600, burst=10),
    # The member's streak and SOS pages (accounts/streaks/views.py); the home page's one-tap
    # check-in shares "streak:check_in", so two doors do not double the allowance.
    "streak:start": Limit(member=10, period=3600),
    "streak:check_in": Limit(member=20, period=3600),
    "streak:contact": Limit(member=30, period=3600),
    "streak:reason": Limit(member=60, period=600),
    "streak:unsent": Limit(member=30, period=600),
    "streak:milestone_seen": Limit(member=30, period=600),
    "streak:risky_date": Limit(member=30, period=600),
    # "I held on" at the end of the SOS page (accounts/streaks/urge_views.py).
    "streak:urge_held": Limit(member=30, period=600),
    # The push settings: devices on and off, quiet hours (accounts/push/views.py).
    "push:settings": Limit(member=30, period=600),
    # Accountability buddies (accounts/buddies/views.py): a ping is a call for help, so it
    # may come in a burst, but not as a flood at the buddy.
    "buddy:invite": Limit(member=10, period=3600),
    "buddy:pairing": Limit(member=20, period=600),
    "buddy:ping": Limit(member=12, period=3600),
    "buddy:reply": Limit(member=30, period=600),
    "buddy:finder": Limit(member=10, period=600),
    # Settings and the welcome (accounts).
    "accounts:profile": Limit(member=30, period=600),
    "accounts:welcome-name": Limit(member=20, period=600, burst=0),
    "accounts:welcome-streak": Limit(member=10, period=3600, burst=0),
    "accounts:email-settings": Limit(member=30, period=600),
    "accounts:discreet": Limit(member=30, period=600),
    "accounts:shield": Limit(member=30, period=600),
    # One-click unsubscribe comes from a mail client, signed in or not: counted per address.
    "accounts:unsubscribe": Limit(member=None, ip=30, period=600, burst=0),
    # Data rights: a copy of one's data is heavy to build; deleting asks for the password.
    "accounts:data-export": Limit(member=5, period=3600, burst=0),
    "accounts:delete-account": Limit(member=5, period=900, burst=0),
    # Reports (moderation/views.py): plenty for someone looking out for others.
    "moderation:report": Limit(member=10, ip=30, period=3600),
    # A line to the moderators (moderation/modmail/views.py): messages both ways, appeals
    # (one per decision anyway) and moderators' notes on members.
    "moderation:modmail": Limit(member=30, ip=60, period=3600),
    "moderation:appeal": Limit(member=10, ip=30, period=3600),
    "moderation:staff_note": Limit(member=60, period=600),
}


def allow(request, name: str, *, new_member: bool = False) -> bool:
    """Count one `name` (a key of LIMITS) by this request's member and address; False when
    either is over its limit. Both are counted every time, so that one cannot be used to hide
    the other, and refused attempts count too."""
    limit = LIMITS[name]
    allowed = True
    if limit.member is not None:
        key = f"{name}:member:{request.user.pk}"
        count = limit.new_member if new_member and limit.new_member is not None else limit.member
        if limit.burst:
            allowed &= hit_write(key, limit=count, period=limit.period, burst=limit.burst)
        else:
            allowed &= hit(key, limit=count, period=limit.period)
    if limit.ip is not None:
        allowed &= hit(f"{name}:ip:{client_ip(request)}", limit=limit.ip, period=limit.period)
    return allowed


def hit(key: str, *, limit: int, period: int, now: float | None = None) -> bool:
    """Count one attempt for `key`; True while the last `period` seconds hold at most `limit`.

    The window slides: the previous fixed window's count weighs in as much as it still overlaps
    the last `period` seconds. Every call counts, refused ones included, so hammering does not
    reopen the window early.
    """
    now = time.time() if now is None else now
    window, elapsed = divmod(now, period)
    current = f"{_PREFIX}:{key}:{period}:{int(window)}"
    previous = f"{_PREFIX}:{key}:{period}:{int(window) - 1}"
    # add() only sets a missing key; a window's key lives on through the next window.
    if cache.add(current, 1, timeout=2 * period + 1):
        count = 1
    else:
        try:
            count = cache.incr(current)
        except ValueError:  # expired between add() and incr()
            cache.add(current, 1, timeout=2 * period + 1)
            count = 1
    overlap = 1 - elapsed / period
    return count + (cache.get(previous) or 0) * overlap <= limit


def hit_write(
    key: str, *, limit: int, period: int, burst: int = BURST_LIMIT, now: float | None = None
) -> bool:
    """hit() for a member's write: True while both the long window (`limit` per `period`) and
    the short one (`burst` per BURST_PERIOD seconds) hold. Both count every time."""
    long_ok = hit(key, limit=limit, period=period, now=now)
    short_ok = hit(f"{key}:burst", limit=burst, period=BURST_PERIOD, now=now)
    return long_ok and short_ok


def client_ip(request) -> str:
    """The client's IP address as allauth sees it.

    allauth ignores X-Forwarded-For unless ALLAUTH_TRUSTED_PROXY_COUNT says how many proxies
    to trust, so a client cannot pick its own address; it raises PermissionDenied (a 403)
    when there is no address at all.
    """
    return get_adapter().get_client_ip(request)
