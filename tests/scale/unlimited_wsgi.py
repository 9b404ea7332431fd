"""The site as gunicorn serves it, with the forum's rate limits lifted: the concurrency test
has 20 members post 50 replies each within seconds, which the limits exist to refuse. The
limiter itself is tested across two servers in test_multihost.py."""

from config.wsgi import application
from forum import rate_limits

rate_limits.LIMITS = {
    action: rate_limits.Limit(
        member=10**6, new_member=10**6, ip=10**6, period=limit.period, burst=10**6
    )
    for action, limit in rate_limits.LIMITS.items()
}

__all__ = ["application"]
