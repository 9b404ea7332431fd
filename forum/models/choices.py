"""The choices forum rows share: a category's colour, and the status of a thread or post."""

from django.db import models


class Colour(models.TextChoices):
    # A fixed palette, drawn by CSS classes (`category-colour-<value>`): our CSP forbids
    # inline styles, and a palette keeps every colour readable on white.
    TEAL = "teal", "Teal"
    BLUE = "blue", "Blue"
    PLUM = "plum", "Plum"
    AMBER = "amber", "Amber"
    ROSE = "rose", "Rose"
    SLATE = "slate", "Slate"
    GREEN = "green", "Green"


class Status(models.TextChoices):
    PUBLISHED = "published", "Published"
    # Screening held it: only its author and moderators see it until a moderator decides.
    PENDING = "pending", "Waiting for a moderator"
    # A moderator hid it, or enough reports hid it automatically.
    HIDDEN = "hidden", "Hidden by a moderator"
