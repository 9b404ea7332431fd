"""Pages for a member's data rights: /settings/export/ (a copy of their data, as a JSON
download and a readable page) and /settings/delete/ (deleting their account). The work is
done in accounts.data_rights.services; every export is fetched through
selectors.get_export_for, which gives the same 404 for someone else's export as for a missing
one."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.data_rights import selectors
from accounts.data_rights import services as data_rights
from accounts.data_rights.forms import DeleteAccountForm
from core import ratelimit


@never_cache
@login_required
def export_list(request):
    exports = selectors.exports_of(request.user)
    context = {
        "exports": exports,
        "preparing": any(e.is_pending for e in exports),
        "export_days": data_rights.EXPORT_DAYS,
        "large_rows": data_rights.LARGE_ACCOUNT_ROWS,
    }
    return render(request, "accounts/data_export_list.html", context)


@require_POST
@login_required
def export_request(request):
    if not ratelimit.allow(request, "accounts:data-export"):
        messages.error(request, ratelimit.TOO_FAST)
        return redirect("accounts:data_export")
    export = data_rights.request_export(member=request.user)
    if export.is_ready:
        return redirect("accounts:data_export_detail", pk=export.pk)
    messages.info(request, "Your copy is being prepared. This page will list it when it's ready.")
    return redirect("accounts:data_export")


@never_cache
@login_required
def export_detail(request, pk):
    export = selectors.get_export_for(request.user, pk)
    sections = selectors.readable_sections(export.payload) if export.is_ready else []
    context = {"export": export, "sections": sections}
    return render(request, "accounts/data_export_detail.html", context)


@never_cache
@login_required
def export_download(request, pk):
    export = selectors.get_export_for(request.user, pk)
    if not export.is_ready:
        return redirect("accounts:data_export_detail", pk=export.pk)
    body = json.dumps(export.payload, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"holdfast-{export.created_at:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def delete_account(request):
    # A member without a password (an account made for them) sets one first: allauth cannot
    # re-authenticate such a member unless they use 2FA, and a session alone must not be
    # enough to erase an account (a borrowed phone, a shared computer).
    if not request.user.has_usable_password():
        return render(request, "accounts/data_delete_form.html", {"needs_password": True})
    allowed = request.method != "POST" or ratelimit.allow(request, "accounts:delete-account")
    form = DeleteAccountForm(request.POST or None, member=request.user, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        data_rights.delete_member(member=request.user, keep_posts=form.keeps_posts)
        logout(request)
        return redirect("accounts:account_deleted")
    return render(request, "accounts/data_delete_form.html", {"form": form})


def account_deleted(request):
    return render(request, "accounts/data_deleted.html")
