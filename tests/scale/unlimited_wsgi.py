"""The site as gunicorn serves it, with the forum's rate limits lifted: the concurrency test
has 20 members post 50 replies each within seconds, which the limits exist to refuse. The
limiter itself is tested across two servers in test_multihost.py."""

from config.wsgi import application
from core import ratelimit

ratelimit.LIMITS = {
    name: ratelimit.Limit(
        member=10**6, new_member=10**6, ip=10**6, period=limit.period, burst=10**6
    )
    for name, limit in ratelimit.LIMITS.items()
}

__all__ = ["application"]
