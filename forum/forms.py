"""Forms for writing in the forum. They own validation and its kind messages; the cleaned
data becomes a service's keyword arguments. Screening (watched words, links from new members)
happens in the service, and the view adds its reasons to the body field."""

from django import forms

from core.confusables import MAX_MARKS_PER_CHARACTER, has_visible_words, too_many_marks
from forum.models import Category, ContentWarning, Reaction

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MAX = 20_000

TITLE_ERRORS = {
    "required": "Your thread needs a title — a few words saying what it's about.",
    "min_length": "Your title needs at least 5 characters.",
    "max_length": "Please keep your title under 150 characters (it has %(show_value)d).",
    "null_characters_not_allowed": "Your title contains a character we can't store. "
    "Try typing it again rather than pasting it.",
    "too_many_marks": "Your title has letters with many accents stacked on them, which draw "
    f"over the page. Please use at most {MAX_MARKS_PER_CHARACTER} on any letter.",
    "no_visible_words": "Your title needs some words or numbers people can read.",
}
BODY_ERRORS = {
    "required": "Your post is empty — write a few words, then post it.",
    "max_length": "Your post is a little long: please keep it under 20,000 characters "
    "(it has %(show_value)d). You could split it into two posts.",
    "null_characters_not_allowed": "Your post contains a character we can't store. "
    "Try typing that part again rather than pasting it.",
}
BODY_HELP = "Markdown works: **bold**, *italic*, > quotes, lists. @name mentions a member."


def body_field(label="Your post"):
    return forms.CharField(
        label=label,
        max_length=BODY_MAX,
        error_messages=BODY_ERRORS,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "data-preview-source": ""}),
    )


def _readable_title(title: str) -> None:
    # Codes only: the field's error_messages (TITLE_ERRORS) give the words.
    if not has_visible_words(title):
        raise forms.ValidationError("no visible words", code="no_visible_words")
    if too_many_marks(title):
        raise forms.ValidationError("too many marks", code="too_many_marks")


def title_field():
    return forms.CharField(
        label="Title",
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        validators=[_readable_title],
        error_messages=TITLE_ERRORS,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


WARNING_NOTE_MAX = 80


class WarningFields(forms.Form):
    """An optional content warning on a post (forum.content_warnings): a theme, or the
    author's own words. Cleaned to `warning` and `warning_note`, the services' arguments."""

    warning = forms.ChoiceField(
        label="Content warning (optional)",
        required=False,
        choices=[("", "No warning")] + ContentWarning.choices,
        help_text="Readers see the warning first, and the post stays folded until they tap it.",
        error_messages={"invalid_choice": "Choose one of the warnings in the list."},
    )
    warning_note = forms.CharField(
        label="The warning in your own words",
        required=False,
        max_length=WARNING_NOTE_MAX,
        help_text="Only if you chose “The author's own words” above.",
        error_messages={
            "max_length": f"Please keep the warning under {WARNING_NOTE_MAX} characters.",
            "own_words_needed": "Say in a few words what the warning is about.",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("warning") == ContentWarning.OWN_WORDS and not data.get("warning_note"):
            self.add_error(
                "warning_note",
                forms.ValidationError(
                    self.fields["warning_note"].error_messages["own_words_needed"],
                    code="own_words_needed",
                ),
            )
        elif data.get("warning") != ContentWarning.OWN_WORDS:
            data["warning_note"] = ""
        return data


ANONYMOUS_LABEL = "Post as “Anonymous member”"
ANONYMOUS_HELP = (
    "Other members see “Anonymous member” and a number for this thread, with no link to your "
    "profile. Moderators can see it is you, and each time they look it is logged."
)
NO_ANONYMOUS_HERE = "This category doesn't take anonymous posts. You can post under your own name."


def anonymous_field():
    return forms.BooleanField(label=ANONYMOUS_LABEL, help_text=ANONYMOUS_HELP, required=False)


class ThreadForm(WarningFields):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose where your thread belongs.",
            "invalid_choice": "Choose one of the categories in the list.",
        },
    )
    title = title_field()
    body = body_field()
    field_order = ["category", "title", "body", "warning", "warning_note", "anonymous"]
    anonymous = anonymous_field()

    error_messages = {"no_anonymous_here": NO_ANONYMOUS_HERE}

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        # The choice is offered only where some category takes anonymous posts.
        if not any(getattr(c, "allows_anonymous", False) for c in categories):
            del self.fields["anonymous"]

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if cleaned.get("anonymous") and category and not category.allows_anonymous:
            self.add_error("anonymous", self.error_messages["no_anonymous_here"])
        cleaned.setdefault("anonymous", False)
        return cleaned


class ReplyForm(WarningFields):
    body = body_field("Your reply")
    # Which post this answers, if any; a post the member cannot see is quietly ignored.
    # Parsed by the view (forum.selectors.positive_int), so an odd value is simply ignored.
    reply_to = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    field_order = ["body", "warning", "warning_note", "anonymous"]
    anonymous = anonymous_field()

    def __init__(self, *args, allow_anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_anonymous:  # the thread's category takes no anonymous posts
            del self.fields["anonymous"]


class EditPostForm(WarningFields):
    title = title_field()
    body = body_field()
    field_order = ["title", "body", "warning", "warning_note"]

    def __init__(self, *args, with_title: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


class PreviewForm(forms.Form):
    body = forms.CharField(max_length=BODY_MAX, required=False, strip=False)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the forum",
        max_length=200,
        required=False,
        error_messages={"max_length": "Please search with fewer words (under 200 characters)."},
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "class": "form-control"}
        ),
    )


LINE_MAX = 500


class PledgeForm(forms.Form):
    """The daily pledge: one tap, a choice to be listed by name, and an optional line (which
    becomes a reply in the thread, screened like any post)."""

    seen = forms.BooleanField(label="Show my name in the list", required=False)
    line = forms.CharField(
        label="Add a line (optional)",
        required=False,
        max_length=LINE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Posted as a reply in this thread, for everyone here to read.",
        error_messages={
            "max_length": f"Please keep your line under {LINE_MAX} characters (it has "
            "%(show_value)d) — or reply in the thread to say more.",
            "null_characters_not_allowed": BODY_ERRORS["null_characters_not_allowed"],
        },
    )
