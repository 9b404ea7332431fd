"""Declared invalidation: each app says, in its AppConfig.ready(), what of its own the cache
must hear about. pagecache knows no app by name; the apps know pagecache.

    pagecache.register(Reaction, members=("member_id",))        # whose pages show it
    pagecache.register(Streak, members=("member_id",), scopes=owner_profile)  # + shared scopes
    pagecache.not_shown(DataExport)                             # says so, on purpose

register() connects post_save for exactly that model: on a save, the members named by those
columns get bump_member() and the scopes `scopes(instance)` returns get bump_on_commit().
`deletes=True` connects post_delete too — off by default, because any delete receiver makes
Django SELECT every row of a bulk DELETE first to send it; the services that delete, update
or bulk_create (which send no post_save) bump by hand instead (docs/caching.md lists them).

The hooks below let apps bring what only they know into the plan (pagecache.plan):
vary_visitor_pages_on (a visitor's theme), never_store_members_page_when (a moderator sees
held work) and render_fresh_while_session_holds (a flash card shown once).
"""

from django.db.models.signals import post_delete, post_save

from pagecache import scopes as _scopes

_declared: dict = {}  # model -> (members, scopes)
_not_shown: dict = {}  # model -> why
visitor_variants: list = []
member_vetoes: list = []
once_session_keys: list[str] = ["_messages"]  # Django's flash messages, kept in the session


def register(model, *, members=(), scopes=None, deletes=False) -> None:
    """Forget the pages that show `model`'s rows when one is saved (and deleted, if asked):
    the pages of the members whose ids are in the `members` columns ("pk" for the member's
    own row), and the scopes `scopes(instance)` names."""
    _declared[model] = (tuple(members), scopes)
    uid = f"pagecache:{model._meta.label}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save")
    if deletes:
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete")


def not_shown(model, why: str = "") -> None:
    """Declare that no cached page shows this model's rows (a member's export, their SOS
    notes): tests/pagecache checks every model is either registered or here."""
    _not_shown[model] = why


def declared(model) -> bool:
    return model in _declared or model in _not_shown


def _changed(sender, instance, **kwargs) -> None:
    members, scopes = _declared[sender]
    ids = [getattr(instance, column) for column in members]
    if any(ids):
        _scopes.bump_member(*ids)
    if scopes is not None:
        named = set(scopes(instance))
        if named:
            _scopes.bump_on_commit(*named)


def vary_visitor_pages_on(variant) -> None:
    """`variant(request) -> str`: a visitor's page is kept once per value (a theme cookie)."""
    visitor_variants.append(variant)


def never_store_members_page_when(veto) -> None:
    """`veto(request, user) -> bool`, asked after the render: true, the member's page is
    neither stored nor so ever served from the cache (a moderator sees held work)."""
    member_vetoes.append(veto)


def render_fresh_while_session_holds(*keys: str) -> None:
    """Session keys a page shows once and takes away: a request holding one is rendered."""
    once_session_keys.extend(k for k in keys if k not in once_session_keys)
