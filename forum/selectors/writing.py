"""Reads the writing pages need: where a member may start a thread, the post a reply answers,
a post's earlier versions and the member's own reactions to it. Lazy QuerySets where a form
takes them as choices; one query each otherwise."""

from forum.models import Category, Post


def categories_to_start_in(user):
    """The categories `user` may start a thread in, in menu order (the form's choices: no
    query until the form reads them)."""
    return Category.objects.visible_to(user).in_order()


def category_among(categories, slug: str | None) -> Category | None:
    """The category named by ?category= (the streak page's and the welcome's links), if it is
    one of `categories`; None for no slug or one the member cannot post in."""
    return categories.filter(slug=slug).first() if slug else None


def post_in_thread(thread, pk: int) -> Post | None:
    """Post `pk` with its author, if it belongs to `thread` (a reply's target); the caller
    still asks whether the member may see its body. One query."""
    return Post.objects.select_related("author").filter(pk=pk, thread=thread).first()


def revisions_of(post: Post):
    """A post's earlier versions, newest first, with their editors."""
    return post.revisions.select_related("editor").order_by("-created_at", "-pk")


def reaction_kinds_by(member, post: Post) -> set[str]:
    """The kinds of reaction `member` has given `post` (for the reaction buttons). One query."""
    return set(post.reactions.filter(member=member).values_list("kind", flat=True))
