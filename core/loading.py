"""Model instances made from database rows without Model.__init__ (docs/cold-renders.md,
"Instances made quickly").

A list page makes about a hundred instances (25 threads, each with its author, last post
and that post's author), and Django's from_db() sends every row through Model.__init__:
the pre_init and post_init signals, a pass over every concrete field with a DEFERRED check
and a setattr through the field's descriptor. That was a fifth of a cold category page.

Django documents from_db() as the hook for customising loading. QuickLoad's puts the row's
values straight into the instance's __dict__, which is where every field descriptor keeps
them (a deferred field is one missing from it, as before), with the same _state Django
gives. A model with pre_init or post_init receivers (an ImageField's dimensions, say) is
loaded Django's way.
"""

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class QuickLoad:
    """Mixed into a model before models.Model (or the abstract model it extends)."""

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        if pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        new = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        fields = new.__dict__
        fields["_state"] = state
        fields.update(zip(field_names, values, strict=True))
        return new
