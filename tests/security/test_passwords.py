"""Password rules at sign-up and change (Django's validators, through allauth): long
passphrases of any characters welcome, short or common ones refused with a reason, and the
password checked exactly as typed."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User


def sign_up(password, username="new_leaf"):
    return Client().post(
        reverse("account_signup"),
        {
            "username": username,
            "email": f"{username}@example.org",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize(
    "password",
    [
        "x7#kq2m!",  # eight characters of anything
        "a quiet evening by the sea " * 4,  # over 100 characters, spaces included
        "ünïcödé pässwörd ☕ 🌊 ok",
        "alllowercaseandnothingelse",  # no composition rules
    ],
    ids=["eight", "long", "unicode", "lowercase"],
)
def test_signup_accepts_passphrases_of_any_composition(db, password):
    response = sign_up(password)
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    assert User.objects.get(username="new_leaf").check_password(password)


@pytest.mark.parametrize(
    ("password", "why"),
    [("x7#kq2m", "too short"), ("password123", "too common"), ("12345678901", "entirely numeric")],
)
def test_signup_refuses_weak_passwords_saying_why(db, password, why):
    response = sign_up(password)
    assert response.status_code == HTTPStatus.OK
    errors = " ".join(response.context["form"].errors["password1"]).lower()
    assert why in errors
    assert not User.objects.filter(username="new_leaf").exists()


def test_password_is_checked_exactly_as_typed(db):
    password = "a quiet evening by the sea " * 4
    sign_up(password)
    user = User.objects.get(username="new_leaf")
    assert user.check_password(password)
    assert not user.check_password(password[:72])  # no truncation
    assert not user.check_password(password.upper())  # no case folding
    assert not user.check_password(password.strip())  # spaces count
