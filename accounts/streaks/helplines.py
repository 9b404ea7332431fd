"""National crisis lines, by country, from accounts/data/helplines.json.

Every line in the file names its source and the date it was checked (docs/care.md says how
to check them again). A member's lines follow the country in their settings; until they
choose one it is suggested from their time zone; visitors pick theirs on the crisis page.
Any country not in the file (or none chosen) gets the "find a helpline" fallback, which
covers more than 130 countries. Lives in accounts, the lowest app, because the settings
form (accounts), the thread page (forum) and the check-ins (moderation) all read it.

Read once per process: the file changes only with a deployment.
"""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "helplines.json"


@dataclass(frozen=True)
class Line:
    name: str
    detail: str
    phone: str  # digits for the tel: link ("" when the line takes no calls)
    phone_display: str  # as the country writes it ("116 123")
    sms: str  # digits for the sms: link ("" when the line takes no texts)
    sms_display: str
    sms_body: str  # the word to text, if the line asks for one ("SHOUT")
    source: str
    checked: str

    @property
    def tel_url(self) -> str:
        return f"tel:{self.phone}" if self.phone else ""

    @property
    def sms_url(self) -> str:
        if not self.sms:
            return ""
        return f"sms:{self.sms}" + (f"?&body={self.sms_body}" if self.sms_body else "")


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    zones: tuple[str, ...]
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Fallback:
    name: str
    detail: str
    url: str
    source: str
    checked: str


@dataclass(frozen=True)
class Helplines:
    """What a crisis box shows: the country (None when unknown) and the fallback."""

    country: Country | None
    fallback: Fallback


@functools.cache
def _data() -> tuple[dict[str, Country], Fallback]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    countries = {
        entry["code"]: Country(
            code=entry["code"],
            name=entry["name"],
            emergency=entry["emergency"],
            zones=tuple(entry["zones"]),
            lines=tuple(Line(**line) for line in entry["lines"]),
        )
        for entry in raw["countries"]
    }
    return countries, Fallback(**raw["fallback"])


def countries() -> list[Country]:
    """Every country in the file, by name."""
    return sorted(_data()[0].values(), key=lambda country: country.name)


def country_choices() -> list[tuple[str, str]]:
    return [(country.code, country.name) for country in countries()]


def country(code: str | None) -> Country | None:
    return _data()[0].get((code or "").upper())


def fallback() -> Fallback:
    return _data()[1]


def suggest_country(time_zone: str | None) -> str:
    """The country whose lines the member most likely needs, from their time zone; "" when
    the zone names no country in the file (UTC, say)."""
    for entry in _data()[0].values():
        if time_zone in entry.zones:
            return entry.code
    return ""


def country_code_for(member) -> str:
    """The member's chosen country, or the one suggested by their time zone."""
    if member is None or not getattr(member, "is_authenticated", False):
        return ""
    return member.country or suggest_country(member.time_zone)


def for_code(code: str | None) -> Helplines:
    return Helplines(country=country(code), fallback=fallback())


def for_member(member) -> Helplines:
    """The lines to show this member (or visitor: the fallback only)."""
    return for_code(country_code_for(member))
