"""Discreet mode (issue 15, item 1): for a member whose screen or inbox someone else may see.

With it on, every page carries a neutral tab title and icon (templates/base.html reads
`user.discreet_mode`, on the row the page has already loaded), and every email we send the
member (accounts.email.sending.send_to_member, the one door) carries a neutral subject: never
"no contact", never "ex", never a thread title or anyone's name. The member's row is declared
to the page cache (accounts.apps), so switching it bumps their cached pages. The switch is
accounts.discreet.services; the settings page and the quick exit's page, accounts.discreet.views.
"""

from accounts.models import User

# What a discreet tab says, and its icon (static/favicon-discreet.svg: a plain page).
TAB_TITLE = "Notes"

# One neutral subject per kind of email (accounts.email.sending's types). Words chosen to
# read like any app's notice: nothing about breakups, nobody's name, no titles.
SUBJECTS = {
    "replies": "New activity on your account",
    "mentions": "New activity on your account",
    "moderation": "A message about your account",
    "milestones": "An update for you",
    "care": "A message for you",
    "digest": "Your daily summary",
}
DEFAULT_SUBJECT = "An update for you"


def subject_for(member: User, email_type: str, subject: str) -> str:
    """The subject `member` gets for an email of `email_type` whose usual subject is
    `subject`: that subject, or a neutral one when the member chose discreet mode."""
    if not member.discreet_mode:
        return subject
    return SUBJECTS.get(email_type, DEFAULT_SUBJECT)
