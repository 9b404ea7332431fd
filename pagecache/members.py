"""A signed-in member's pages, each kept for that member alone.

A member's page of a marked view is kept under the same scope versions as the visitors'
copy and one more: the member's own version, bumped (scopes.bump_member) by everything that
changes what this member sees beyond the shared scopes:

- any non-GET request they make (reactions, blocks, watching, profile, privacy, time zone,
  streak, settings, notifications read, posting...): this middleware;
- any saved row that points at them, as each app declares in its ready()
  (pagecache.registry: a notification for them, a block of them, a warning...);
- the writes that go around post_save (UPDATE, DELETE, bulk_create), bumped by hand in the
  services that make them (docs/caching.md lists them);
- log-in, log-out, and a change of their groups (a member made moderator, or no longer):
  the receivers below, connected in PagecacheConfig.ready().

Never served from it: staff, and whoever an app's veto names (moderation: moderators, who
see held work); a request whose session holds a flash card the page would consume; anything
but GET. Forms carry the CSRF placeholder (pagecache.csrf), filled on the way out. While a
page that may be stored is drawn, reads go to the primary database (pagecache.primary), so a
member never keeps a page a lagging replica drew without their own write.

An entry lives HOLDFAST_PAGE_CACHE_SECONDS at most, which bounds what nothing bumps: a
relative time ("3 minutes ago"), a streak's day count or a silence running out read at most
that much late — the same bound the visitors' pages have.
"""

from django.core.cache import cache
from django.http import HttpResponse

from pagecache import csrf, scopes
from pagecache import plan as planning
from pagecache.primary import from_primary
from pagecache.visitors import NOT_STORED


class MemberPageCacheMiddleware:
    """Serves and stores members' pages of the views marked with for_visitors(). Last in
    MIDDLEWARE: sessions, CSRF, authentication, messages and the suspension check have run,
    so a hit costs the session and the user (two queries, none with the session in Redis)
    and one cache round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method == "HEAD":
            return self.get_response(request)
        if request.method != "GET":
            response = self.get_response(request)
            user = getattr(request, "user", None)  # after a log-in, the new member
            if user is not None and user.is_authenticated:
                scopes.bump_member(user.pk)
            return response
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        plan = planning.plan_for(request, member=user)
        if plan is None:
            return self.get_response(request)
        found = cache.get_many([*plan.version_keys, plan.page_key])
        versions = tuple(found.get(key) for key in plan.version_keys)
        entry = found.get(plan.page_key)
        if entry is not None and None not in versions and entry[0] == versions:
            plan.hit(request)
            content, headers = entry[1]
            response = HttpResponse(csrf.fill(content, request))
            for name, value in headers:
                response[name] = value
            return response
        versions = scopes.current_versions(plan.version_keys, found)
        with from_primary(), csrf.deferred(request) as used_real_token:
            response = self.get_response(request)
        if response.streaming:
            return response
        content = response.content
        if (
            None not in versions
            and not used_real_token()
            and planning.storable(plan, request, response)
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
            cache.set(plan.page_key, (versions, (content, headers)), timeout=scopes.timeout())
        response.content = csrf.fill(content, request)
        return response


def bump_on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("post_"):
        if reverse:  # group.user_set.add(...)
            scopes.bump_member(*(pk_set or ()))
            if action == "post_clear":
                scopes.bump(scopes.SITE)
        else:
            scopes.bump_member(instance.pk)


def bump_on_group_saved(sender, instance, **kwargs):
    scopes.bump(scopes.SITE)  # a group renamed or deleted: who is a moderator may have changed


def bump_session_member(sender, request, user, **kwargs):
    if user is not None:
        scopes.bump_member(user.pk)
