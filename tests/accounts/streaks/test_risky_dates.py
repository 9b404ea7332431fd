"""Risky dates (issue 16, item 3): the model's calendar rule, the services, the reads, the
page to add and remove them, the reminder on the home and streak pages, and the email."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import RiskyDate
from accounts.streaks import dates as risky_dates
from accounts.streaks.services import dates as services

# 15 June 2026, 12:00 UTC: in Auckland (UTC+12) it is already midnight on the 16th.
NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 6, 15)
TOMORROW = datetime.date(2026, 6, 16)
DATES = reverse("accounts:risky_dates")
HOME = reverse("forum:home")
STREAK = reverse("accounts:streak_dashboard")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _add(member, label="Our anniversary", on=TOMORROW, **kwargs):
    return services.add_risky_date(member=member, label=label, on=on, **kwargs)


# --- The calendar rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "yearly", "day", "falls"),
    [
        (datetime.date(2019, 6, 16), True, TOMORROW, True),
        (datetime.date(2019, 6, 16), False, TOMORROW, False),
        (TOMORROW, False, TOMORROW, True),
        (datetime.date(2024, 2, 29), True, datetime.date(2027, 2, 28), True),
        (datetime.date(2024, 2, 29), True, datetime.date(2028, 2, 28), False),
        (datetime.date(2024, 2, 29), True, datetime.date(2028, 2, 29), True),
    ],
)
def test_risky_date_falls_on(on, yearly, day, falls):
    assert RiskyDate(on=on, repeats_yearly=yearly).falls_on(day) is falls


# --- Services and reads ----------------------------------------------------------------------


def test_risky_date_add_keeps_the_members_words(member):
    risky = _add(member, label="  Her birthday ", email_reminder=True)
    assert (risky.label, risky.on, risky.repeats_yearly, risky.email_reminder) == (
        "Her birthday",
        TOMORROW,
        True,
        True,
    )


def test_risky_date_add_refuses_past_the_limit(member):
    for n in range(services.MAX_RISKY_DATES):
        _add(member, label=f"Day {n}")
    with pytest.raises(services.ValidationError) as caught:
        _add(member)
    assert caught.value.code == "too_many"


def test_risky_days_for_reads_today_and_tomorrow_on_the_members_calendar(member, other_member):
    _add(member, label="Anniversary", on=datetime.date(2020, 6, 16))
    _add(member, label="Holiday", on=TODAY, repeats_yearly=False)
    _add(member, label="Later", on=datetime.date(2020, 7, 1))
    _add(other_member, label="Not mine", on=TODAY)
    assert risky_dates.risky_days_for(member) == risky_dates.RiskyDays(
        today=["Holiday"], tomorrow=["Anniversary"]
    )
    member.time_zone = "Pacific/Auckland"  # already the 16th there
    assert risky_dates.risky_days_for(member) == risky_dates.RiskyDays(
        today=["Anniversary"], tomorrow=[]
    )


def test_risky_date_of_someone_else_is_404_like_a_missing_one(client_for, member, other_member):
    theirs = _add(other_member)
    client = client_for(member)
    for pk in (theirs.pk, theirs.pk + 100):
        url = reverse("accounts:risky_date_delete", args=[pk])
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert RiskyDate.objects.filter(pk=theirs.pk).exists()


# --- The page ---------------------------------------------------------------------------------


def test_risky_date_page_needs_a_log_in(client):
    response = client.get(DATES)
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response.url


def test_risky_date_page_adds_a_date(client_for, member):
    client = client_for(member)
    data = {"label": "Our anniversary", "on": "2019-06-16", "repeats_yearly": "on"}
    response = client.post(DATES, data)
    assert response.status_code == HTTPStatus.FOUND
    risky = RiskyDate.objects.get(member=member)
    assert (risky.label, risky.on, risky.repeats_yearly, risky.email_reminder) == (
        "Our anniversary",
        datetime.date(2019, 6, 16),
        True,
        False,
    )
    page = client.get(DATES).content.decode()
    assert "Our anniversary" in page and "every year on 16 June" in page


def test_risky_date_page_bad_input_keeps_the_text_and_explains(client_for, member):
    client = client_for(member)
    response = client.post(DATES, {"label": "Moving day", "on": "2020-01-01"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert 'value="Moving day"' in page
    assert "That day has passed" in page
    response = client.post(DATES, {"label": "", "on": "not a date"})
    form = response.context["form"]
    assert form.errors.as_data()["label"][0].code == "required"
    assert form.errors.as_data()["on"][0].code == "invalid"
    assert not RiskyDate.objects.exists()


def test_risky_date_page_removes_a_date(client_for, member):
    risky = _add(member)
    client = client_for(member)
    response = client.post(reverse("accounts:risky_date_delete", args=[risky.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert not RiskyDate.objects.exists()


def test_risky_date_remove_needs_a_post(client_for, member):
    risky = _add(member)
    url = reverse("accounts:risky_date_delete", args=[risky.pk])
    assert client_for(member).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize("size", [1, 40])
def test_risky_date_page_query_count(client_for, member, size, django_assert_max_num_queries):
    for n in range(size):
        _add(member, label=f"Day {n}")
    client = client_for(member)
    # 2 (session, user) + 1 (the member's dates) + 1 (the nav's unread notification count) = 4.
    with django_assert_max_num_queries(4):
        response = client.get(DATES)
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["dates"]) == size


# --- The reminder on the site -----------------------------------------------------------------


def test_risky_date_tomorrow_reminds_on_home_and_streak_pages(client_for, member):
    _add(member, label="Her birthday", on=TOMORROW, repeats_yearly=False)
    client = client_for(member)
    for url in (HOME, STREAK):
        page = client.get(url).content.decode()
        assert "Tomorrow is Her birthday." in page
        assert "risky-day" not in page


def test_risky_date_today_leads_with_sos_and_a_check_in(client_for, member):
    _add(member, label="Our anniversary", on=datetime.date(2021, 6, 15))
    client = client_for(member)
    for url, check_in in (
        (HOME, reverse("accounts:check_in_today")),
        (STREAK, reverse("accounts:streak_check_in")),
    ):
        page = client.get(url).content.decode()
        lead = page.index("Today is Our anniversary")
        assert page.index(reverse("accounts:sos"), lead) < page.index("</section>", lead)
        assert f'action="{check_in}"' in page[lead : page.index("</section>", lead)]
    client.post(reverse("accounts:check_in_today"))
    page = client.get(HOME).content.decode()
    assert "You've checked in today. Come back to SOS any time." in page


def test_risky_date_no_reminder_on_other_days(client_for, member):
    _add(member, label="Far away", on=datetime.date(2020, 12, 25))
    page = client_for(member).get(HOME).content.decode()
    assert "Far away" not in page


# --- The email --------------------------------------------------------------------------------


def _send(capture, now):
    with capture(execute=True):
        return services.send_risky_date_reminders(now=now)


def test_risky_date_email_sent_once_the_day_before_from_nine(
    member, django_capture_on_commit_callbacks
):
    _add(member, label="Her birthday", email_reminder=True)
    early = datetime.datetime(2026, 6, 15, 8, 0, tzinfo=datetime.UTC)
    assert _send(django_capture_on_commit_callbacks, early) == 0
    assert _send(django_capture_on_commit_callbacks, NOW) == 1
    assert _send(django_capture_on_commit_callbacks, NOW + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Holdfast] A gentle note for tomorrow"
    assert "Her birthday" not in message.subject  # discreet: the words are in the body only
    assert "Tomorrow is a date you marked: Her birthday." in message.body
    assert message.to == [member.email]


def test_risky_date_email_follows_the_members_clock(member, django_capture_on_commit_callbacks):
    member.time_zone = "America/Los_Angeles"  # 05:00 there at NOW: too early
    member.save(update_fields=["time_zone"])
    _add(member, email_reminder=True)
    assert _send(django_capture_on_commit_callbacks, NOW) == 0
    later = datetime.datetime(2026, 6, 15, 17, 0, tzinfo=datetime.UTC)  # 10:00 there
    assert _send(django_capture_on_commit_callbacks, later) == 1


def test_risky_date_email_only_when_chosen(member, django_capture_on_commit_callbacks):
    _add(member, email_reminder=False)
    assert _send(django_capture_on_commit_callbacks, NOW) == 0
    _add(member, label="Another", email_reminder=True)
    member.email_care = False
    member.save(update_fields=["email_care"])
    assert _send(django_capture_on_commit_callbacks, NOW) == 0
    assert mail.outbox == []


def test_risky_date_reminder_command(member, django_capture_on_commit_callbacks, capsys):
    _add(member, email_reminder=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_risky_date_reminders", now="2026-06-15T12:00:00+00:00")
    assert "1 reminder sent." in capsys.readouterr().out
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError, match="UTC offset"):
        call_command("send_risky_date_reminders", now="yesterday")


def test_risky_date_is_in_the_members_copy_of_their_data(member):
    from accounts.data_rights.services import collect_member_data

    _add(member, label="Her birthday", on=datetime.date(2020, 3, 1))
    assert collect_member_data(member)["risky_dates"] == [
        {"label": "Her birthday", "on": "2020-03-01", "every_year": True}
    ]
