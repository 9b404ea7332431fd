"""Wrong passwords slow the guesser down; they never lock the member out for long.

allauth's default counted five failures per login string and then refused that string for
five minutes: the username and the email counted separately (ten guesses an account), and
anyone who knew a member's name could keep them out — in a community of people keeping no
contact, the person most likely to try is the one they are keeping out. So:

- Failures are counted per **account** (the member's id, whether they typed their username or
  their email; an unknown login counts under its own text, alike) **and address**: after
  `FREE_TRIES` wrong passwords from one address, that address waits `FIRST_WAIT` seconds
  before its next try, doubling with each further failure up to `LONGEST_WAIT`. Only the
  guesser waits; the member on their own phone is not affected.
- Guessing spread over many addresses meets an account-wide limit: past `ACCOUNT_FREE_TRIES`
  failures in the last hour, each failure makes the account wait `ACCOUNT_WAIT` seconds — short,
  so the member is only slowed — and addresses the member has logged in from in the last
  `KNOWN_FOR` seconds skip that wait altogether.
- A try during a wait is refused without checking the password and without counting, so
  hammering does not lengthen the wait; a correct password clears its address's count.

docs/security.md explains the choice. Counts live in the cache (Redis in production, shared by
every app server).
"""

import hashlib
import time

from django.core.cache import cache

from core import ratelimit

FREE_TRIES = 5
FIRST_WAIT = 30
LONGEST_WAIT = 15 * 60
ACCOUNT_FREE_TRIES = 50
ACCOUNT_PERIOD = 3600
ACCOUNT_WAIT = 60
KNOWN_FOR = 30 * 24 * 3600
_FORGET_AFTER = 24 * 3600
_PREFIX = "login-lockout"


def _address_key(account: str, ip: str) -> str:
    # Hashed: the key holds an email address for unknown logins, and cache keys have limits.
    digest = hashlib.sha256(f"{account}|{ip}".encode()).hexdigest()
    return f"{_PREFIX}:address:{digest}"


def _account_key(account: str, part: str) -> str:
    return f"{_PREFIX}:{part}:{hashlib.sha256(account.encode()).hexdigest()}"


def _address_wait(failures: int) -> int:
    if failures < FREE_TRIES:
        return 0
    return min(FIRST_WAIT * 2 ** (failures - FREE_TRIES), LONGEST_WAIT)


def seconds_to_wait(account: str, ip: str, *, now: float | None = None) -> int:
    """How long this address must wait before trying a password for `account`; 0: try now."""
    now = time.time() if now is None else now
    failures, last = cache.get(_address_key(account, ip), (0, 0.0))
    waits = [last + _address_wait(failures) - now]
    if not cache.get(_account_key(f"{account}|{ip}", "known")):
        waits.append(cache.get(_account_key(account, "wait-until"), 0.0) - now)
    return max(0, int(max(waits) + 0.999))


def record_failure(account: str, ip: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    key = _address_key(account, ip)
    failures, _ = cache.get(key, (0, 0.0))
    cache.set(key, (failures + 1, now), timeout=_FORGET_AFTER)
    if not ratelimit.hit(
        _account_key(account, "failures"), limit=ACCOUNT_FREE_TRIES, period=ACCOUNT_PERIOD, now=now
    ):
        cache.set(_account_key(account, "wait-until"), now + ACCOUNT_WAIT, timeout=ACCOUNT_WAIT)


def record_success(account: str, ip: str) -> None:
    cache.delete(_address_key(account, ip))
    cache.set(_account_key(f"{account}|{ip}", "known"), True, timeout=KNOWN_FOR)


def forget(account: str) -> None:
    """After a password reset: the account-wide wait goes (the addresses' counts expire)."""
    cache.delete(_account_key(account, "wait-until"))
