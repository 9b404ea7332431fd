"""A moderator's look behind an anonymous post (issue #15 item 2). A POST, so a link
preview or a prefetch can never make a look, and every look is one audit row."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from forum import permissions, selectors, services


@require_POST
@login_required
def anonymous_author(request, pk):
    post = selectors.get_post_for(request.user, pk)
    if not permissions.can_reveal_anonymous_author(request.user, post):
        raise Http404("No such post.")  # the same answer as for a post that is not there
    author = services.reveal_anonymous_author(moderator=request.user, post=post)
    response = render(request, "forum/anonymous_author.html", {"post": post, "author": author})
    response["Cache-Control"] = "private, no-store"
    return response
