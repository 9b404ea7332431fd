"""The member's email settings and the one-click unsubscribe page (accounts.email.sending)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts import selectors
from accounts.email import sending as emails
from accounts.email.forms import EmailPreferencesForm
from core import ratelimit


@login_required
@require_http_methods(["GET", "POST"])
def settings_email(request):
    data = request.POST if request.method == "POST" else None
    form = EmailPreferencesForm.for_member(request.user, data)
    status = HTTPStatus.OK
    if form.is_bound:
        if not ratelimit.allow(request, "accounts:email-settings"):
            form.add_error(None, form.error_messages["too_fast"])
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid():
            emails.update_email_preferences(member=request.user, **form.cleaned_data)
            messages.success(request, "Your email choices are saved.")
            return redirect("accounts:settings_email")
        else:
            status = HTTPStatus.BAD_REQUEST
    context = {"form": form, "address": emails.verified_address(request.user)}
    return render(request, "accounts/settings_email.html", context, status=status)


# CSRF exemption, and why it is safe: mail clients unsubscribe with a bare POST to the link in
# the List-Unsubscribe header (RFC 8058), which cannot carry a CSRF token. The signed token in
# the URL is the only authority here — it names one member and one kind of email, nobody can
# forge it without SECRET_KEY, and the most it can do is switch that kind of email off. A GET
# changes nothing (link scanners follow links), it shows a button that POSTs.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        member_pk, email_type = emails.read_unsubscribe_token(token)
    except signing.BadSignature:
        return _unsubscribe_page(request, "invalid", status=HTTPStatus.BAD_REQUEST)
    member = selectors.member_with_pk(member_pk)
    if member is None:  # the member deleted their account: nothing left to email
        return _unsubscribe_page(request, "gone", status=HTTPStatus.NOT_FOUND)
    state = "confirm" if emails.is_subscribed(member, email_type) else "already"
    if request.method == "POST":
        if not ratelimit.allow(request, "accounts:unsubscribe"):
            return render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
        emails.unsubscribe(member=member, email_type=email_type)
        state = "done"
    return _unsubscribe_page(request, state, what=emails.DESCRIPTIONS[email_type])


def _unsubscribe_page(request, state, *, what="", status=HTTPStatus.OK):
    context = {"state": state, "what": what}
    return render(request, "accounts/email_unsubscribe.html", context, status=status)
