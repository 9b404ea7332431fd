"""The member's private insights page (/streak/insights/, issue 16): charts drawn on the
server as SVG, each with its table. Private like the streak page: the member's own rows
only, and `Cache-Control: private, no-store`."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.streaks import insight_selectors


@never_cache
@login_required
def streak_insights(request):
    insights = insight_selectors.insights_for(request.user)
    return render(request, "accounts/streak_insights.html", {"insights": insights})
