"""accounts.streaks.helplines and its data file: crisis lines by country, each with its source and
the date it was checked, a worldwide fallback, and the country suggested from a time zone."""

import datetime
import json
import re
import zoneinfo

import pytest

from accounts.streaks import helplines

DATA = json.loads(helplines.DATA_FILE.read_text(encoding="utf-8"))
# The 30 most populous English-speaking or European countries must be there (the issue's
# floor); these are the ones we promise by name.
REQUIRED = {
    "US", "GB", "CA", "AU", "NZ", "IE", "ZA", "IN", "PH", "DE", "FR", "IT", "ES", "PL", "UA",
    "RO", "NL", "BE", "CZ", "SE", "PT", "GR", "HU", "AT", "CH", "DK", "FI", "NO", "SK", "RS",
}  # fmt: skip


def test_helpline_file_covers_thirty_countries_and_a_fallback():
    codes = {country.code for country in helplines.countries()}
    assert codes >= REQUIRED and len(codes) >= 30
    fallback = helplines.fallback()
    assert fallback.url.startswith("https://findahelpline.com")


@pytest.mark.parametrize("entry", DATA["countries"], ids=lambda entry: entry["code"])
def test_helpline_entries_name_their_source_and_date_checked(entry):
    assert re.fullmatch(r"[A-Z]{2}", entry["code"]) and entry["emergency"].isdigit()
    assert entry["lines"], "every country needs at least one line"
    for line in entry["lines"]:
        assert line["source"].startswith("https://")
        datetime.date.fromisoformat(line["checked"])
        assert line["phone"] or line["sms"]
        assert re.fullmatch(r"\+?\d*", line["phone"]) and re.fullmatch(r"\d*", line["sms"])
    for zone in entry["zones"]:
        zoneinfo.ZoneInfo(zone)  # a real zone, or this raises


def test_helpline_links_call_and_text():
    uk = helplines.country("GB")
    samaritans, shout = uk.lines
    assert samaritans.tel_url == "tel:116123" and samaritans.sms_url == ""
    assert shout.sms_url == "sms:85258?&body=SHOUT"
    assert helplines.country("us").lines[0].sms_url == "sms:988"


@pytest.mark.parametrize(
    ("zone", "code"),
    [("Pacific/Auckland", "NZ"), ("Europe/London", "GB"), ("America/Chicago", "US"), ("UTC", "")],
)
def test_helpline_country_suggested_from_time_zone(zone, code):
    assert helplines.suggest_country(zone) == code


def test_helpline_for_member_prefers_their_chosen_country(member):
    member.time_zone = "Europe/London"
    assert helplines.for_member(member).country.code == "GB"
    member.country = "NZ"
    assert helplines.for_member(member).country.code == "NZ"
    member.country, member.time_zone = "", "UTC"
    assert helplines.for_member(member).country is None  # the fallback only
