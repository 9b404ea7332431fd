from django.apps import AppConfig
from django.core import validators

# Django refuses a NUL character in any form field with "Null characters are not allowed.",
# which means nothing to most people (it usually comes from pasting). Our own forms set a
# message per field; this one is for the forms we do not write (allauth's log-in, sign-up,
# password and email forms).
NUL_MESSAGE = (
    "This contains a hidden character we can't store (it often comes from pasting). "
    "Please type it again."
)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self):
        validators.ProhibitNullCharactersValidator.message = NUL_MESSAGE
        from django.contrib.auth.signals import user_logged_out

        from accounts import checks  # noqa: F401  (registers the deployment checks)
        from accounts.push import receivers as push

        # Django announces a log-out; the device being left gets no more pushes.
        user_logged_out.connect(push.forget_device_on_logout, dispatch_uid="push_logout")

        _declare_cached_pages()


def _declare_cached_pages() -> None:
    """What of ours the page cache must hear about (pagecache.registry). A member's own pages
    show their row and their streak rows; a profile and its badges show them to everyone,
    so a save — by a service, an admin or a shell — also forgets the owner's profile."""
    import pagecache
    from accounts import models, theme

    # One copy of a visitor's page per theme they chose: the page names it in <html>.
    pagecache.vary_visitor_pages_on(lambda request: theme.visitor_theme(request.COOKIES))
    pagecache.register(models.User, members=("pk",), scopes=_own_profile)
    for model in (models.Streak, models.ContactEvent, models.CheckIn, models.MilestoneAward):
        pagecache.register(model, members=("member_id",), scopes=_owners_profile)
    for model in (models.DataExport, models.UnsentMessage, models.UrgeReason):
        pagecache.not_shown(model, "a member's export and private SOS notes: no cached page")
    pagecache.not_shown(models.RiskyDate, "a member's private dates: only their own pages")
    # Issue 16: urges held and triggers show only on the member's own streak and insights
    # pages, which are never cached.
    pagecache.not_shown(models.UrgeHeld, "a member's private count of urges held: no cached page")
    pagecache.not_shown(models.TriggerTag, "a member's private triggers: no cached page")
    # Issue 16, item 6: push devices and quiet hours show only on the member's own settings.
    for model in (models.PushSubscription, models.PushPreference):
        pagecache.not_shown(model, "a member's push devices and quiet hours: no cached page")
    # Accountability buddies: shown only on the two buddies' own /buddy/ and SOS pages, which
    # are never cached (a buddy's streak is never put on their cached profile).
    for model in (models.BuddyPairing, models.BuddyPing, models.BuddyFinderEntry):
        pagecache.not_shown(model, "a pairing, its pings and the finder: only the buddy pages")


def _own_profile(user) -> list[str]:
    from pagecache import scopes

    return [scopes.profile(user.username)]


def _owners_profile(row) -> list[str]:
    """The owner is usually loaded already; otherwise one query finds the name."""
    from django.contrib.auth import get_user_model

    from pagecache import scopes

    owner = type(row).member.field.get_cached_value(row, default=None)
    if owner is not None:
        return [scopes.profile(owner.username)]
    name = get_user_model().objects.filter(pk=row.member_id).values_list("username", flat=True)
    return [scopes.profile(username) for username in name]
