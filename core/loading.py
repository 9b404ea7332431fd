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

Rows does the same for a kept query's rows (core.prepared): Django's loop over the rows,
with a populator per select_related() model, asked per row what it could know once per
query; planned once, it was a fifth of fetching a category's 25 threads.
"""

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class QuickLoad:
    """Mixed into a model before models.Model (or the abstract model it extends)."""

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        if pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        return _made(cls, db, fetch_mode, field_names, values)


def _made(model, db, fetch_mode, field_names, values):
    """An instance of a row, as Django's from_db() leaves it, without Model.__init__."""
    new = model.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = db
    if fetch_mode is not None:
        state.fetch_mode = fetch_mode
    fields = new.__dict__
    fields["_state"] = state
    fields.update(zip(field_names, values, strict=True))
    return new


class Rows:
    """A kept query's rows made into instances (core.prepared): the loop Django's
    ModelIterable runs for every row — from_db() for the row's model and for each model
    select_related() brings, the relations set between them, the annotations — planned once
    for the query's columns instead of on every fetch and row.

    It builds what Django's loop builds: the same instances (QuickLoad's way), the same
    field caches, the same annotations. Where that loop would do something more (a model with
    its own from_db(), a child model's parent columns, fetch modes that track peers, known
    related objects, composite keys), `plan` answers None and Django's loop runs.
    """

    def __init__(self, make, models, annotations):
        self._make = make
        self._models = models
        self._annotations = annotations

    @classmethod
    def plan(cls, queryset, compiler, db: str) -> "Rows | None":
        """For a compiled queryset of model instances, or None."""
        if queryset._known_related_objects or queryset._fetch_mode.track_peers:
            return None
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            return None
        models = []
        make = _maker(compiler.klass_info, compiler.select, db, queryset._fetch_mode, models)
        if make is None:
            return None
        annotations = tuple(compiler.annotation_col_map.items())
        return cls(make, tuple(models), annotations)

    def fetch(self, compiler) -> list | None:
        """The instances of the compiler's rows, or None (nothing run) while a model has
        pre_init or post_init receivers: Django's loop calls them."""
        for model in self._models:
            if pre_init.has_listeners(model) or post_init.has_listeners(model):
                return None
        make, annotations = self._make, self._annotations
        found = []
        for row in compiler.results_iter(compiler.execute_sql()):
            instance = make(row)
            for name, at in annotations:
                setattr(instance, name, row[at])
            found.append(instance)
        return found


def _maker(klass_info, select, db, fetch_mode, models):
    """A function making one model's instance (and those select_related() brings with it)
    from a row, or None if it is not a plain QuickLoad model in columns of its own."""
    model = klass_info["model"]
    at = klass_info["select_fields"]
    if (
        klass_info.get("from_parent")
        or model.from_db.__func__ is not QuickLoad.from_db.__func__
        or list(at) != list(range(at[0], at[-1] + 1))
    ):
        return None
    start, end = at[0], at[-1] + 1
    names = tuple(column[0].target.attname for column in select[start:end])
    pk_at = names.index(model._meta.pk.attname)
    related = []
    for info in klass_info.get("related_klass_infos", ()):
        make_related = _maker(info, select, db, fetch_mode, models)
        if make_related is None:
            return None
        related.append((make_related, info["local_setter"], info["remote_setter"]))
    models.append(model)

    def make(row):
        values = row[start:end]
        if values[pk_at] is None:  # a nullable relation with no row: Django's None
            return None
        instance = _made(model, db, fetch_mode, names, values)
        for make_related, set_here, set_there in related:
            other = make_related(row)
            set_here(instance, other)
            if other is not None:
                set_there(other, instance)
        return instance

    return make
