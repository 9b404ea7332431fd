"""How a content-warned post reaches one reader: folded until tapped (the default, for
visitors too), hidden everywhere, or shown unfolded — the reader's choice per theme
(forum.models.WarningChoice). Threads, lists, search and emails all ask here, so a
choice holds everywhere (docs/mute-and-warnings.md)."""

from forum.models import ContentWarning, WarningChoice

FOLD = WarningChoice.Action.FOLD.value
HIDE = WarningChoice.Action.HIDE.value
SHOW = WarningChoice.Action.SHOW.value


def choices_for(user) -> dict[str, str]:
    """The reader's non-default choices, theme -> action. One query; none for visitors."""
    if not user.is_authenticated:
        return {}
    return dict(WarningChoice.objects.filter(member=user).values_list("theme", "action"))


def treatment(theme: str, choices: dict[str, str]) -> str:
    """ "" for a post without a warning; otherwise FOLD, HIDE or SHOW."""
    return choices.get(theme, FOLD) if theme else ""


def label(theme: str, note: str = "") -> str:
    """What the warning says: the author's own words for OWN_WORDS, the theme's name else."""
    if not theme:
        return ""
    if theme == ContentWarning.OWN_WORDS and note:
        return note
    return ContentWarning(theme).label if theme in ContentWarning.values else "Content warning"


def mark_posts(posts, choices: dict[str, str]) -> None:
    """Set `warning_action` and `warning_label` on each post for the thread page's partial."""
    for post in posts:
        post.warning_action = treatment(post.content_warning, choices)
        post.warning_label = label(post.content_warning, post.content_warning_note)
