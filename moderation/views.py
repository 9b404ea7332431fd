from django.conf import settings
from django.shortcuts import render


def crisis_resources(request):
    return render(
        request, "moderation/crisis_resources.html", {"resources": settings.CRISIS_RESOURCES}
    )
