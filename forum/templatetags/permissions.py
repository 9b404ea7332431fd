"""Template filters that ask the rules (forum.permissions, and the rules moderation adds
through forum.hooks), so a template never decides access.

    {% load permissions %}
    {% if user|can:"edit_post"|of:post %} … {% endif %}
    {% if user|can:"moderate" %} … {% endif %}

`can` looks up `can_<name>` with forum.permissions.rule() (so functions the moderation app
adds work here too) and returns a check; `of` applies it to an object. A check used on its
own, without `of`, asks the one-argument form.
"""

from django import template

from forum import permissions

register = template.Library()


class PermissionCheck:
    def __init__(self, user, name: str):
        function = permissions.rule(name)
        if function is None:
            # A typo in a template must fail loudly in tests, not quietly hide a button.
            raise template.TemplateSyntaxError(
                f"no rule can_{name}() in forum or moderation permissions"
            )
        self.user = user
        self.name = name
        self.function = function

    def of(self, obj) -> bool:
        # The post fragments asked already, for every post of the page (one pass).
        found = permissions.answered(self.user, self.name, obj) if obj is not None else None
        return bool(self.function(self.user, obj)) if found is None else found

    def __bool__(self) -> bool:
        return bool(self.function(self.user))


@register.filter
def can(user, name):
    return PermissionCheck(user, name)


@register.filter
def of(check, obj):
    if not isinstance(check, PermissionCheck):
        raise template.TemplateSyntaxError('"of" follows "can", as in user|can:"edit_post"|of:post')
    return check.of(obj)


@register.filter
def why_cannot_reply(user, thread) -> str:
    """The kind sentence explaining why this user cannot reply here ("" when they can)."""
    return permissions.why_cannot_reply(user, thread) or ""
