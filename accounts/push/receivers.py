"""What accounts.push hears from Django: a log-out (wired in AccountsConfig.ready())."""

from accounts.push import services

# Where the endpoint of the device that turned push on is kept in the session (set by
# accounts.push.views), so log-out forgets that device's subscription: nothing is pushed to
# a device after its member left it.
SESSION_KEY = "holdfast_push_endpoint"


def forget_device_on_logout(sender, request, user, **kwargs) -> None:
    """Receiver of Django's user_logged_out (wired in AccountsConfig.ready()): the device the
    member is leaving gets no more pushes. The endpoint was remembered in their session."""
    endpoint = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if user is not None and endpoint:
        services.unsubscribe_device(member=user, endpoint=endpoint)
