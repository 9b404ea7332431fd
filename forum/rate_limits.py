"""How often members may write in the forum, per member and per IP address.

New members (accounts.roles.is_new_member) get lower limits: most spam comes from
fresh accounts. Counting happens in the cache (accounts.ratelimit), never the database.
"""

from dataclasses import dataclass

from accounts import ratelimit
from accounts.roles import is_new_member

TOO_FAST = (
    "You're posting faster than we allow — please wait a few minutes and try again. "
    "Nothing you wrote has been lost."
)


@dataclass(frozen=True)
class Limit:
    member: int
    new_member: int
    ip: int
    period: int  # seconds
    # Per member in any 10 seconds (accounts.ratelimit.BURST_PERIOD); 0: no short window.
    burst: int = ratelimit.BURST_LIMIT


LIMITS = {
    "thread": Limit(member=6, new_member=2, ip=12, period=3600),
    "reply": Limit(member=20, new_member=6, ip=40, period=600),
    "edit": Limit(member=30, new_member=10, ip=60, period=600),
    # A reader may thank several posts in a row.
    "react": Limit(member=60, new_member=30, ip=120, period=600, burst=10),
    # Not a write: the live preview asks as the member types.
    "preview": Limit(member=120, new_member=60, ip=240, period=600, burst=0),
}


def allow(request, action: str) -> bool:
    """Count one `action` by this request's member and IP; False when either is over."""
    limit = LIMITS[action]
    user = request.user
    member_limit = limit.new_member if is_new_member(user) else limit.member
    # Both are counted every time, so that one cannot be used to hide the other.
    member_key = f"forum:{action}:member:{user.pk}"
    if limit.burst:
        member_ok = ratelimit.hit_write(
            member_key, limit=member_limit, period=limit.period, burst=limit.burst
        )
    else:
        member_ok = ratelimit.hit(member_key, limit=member_limit, period=limit.period)
    ip_ok = ratelimit.hit(
        f"forum:{action}:ip:{ratelimit.client_ip(request)}", limit=limit.ip, period=limit.period
    )
    return member_ok and ip_ok
