"""Queries whose SQL is compiled once per process and thread (docs/cold-renders.md, "Prepared
queries").

Django builds and compiles a query's SQL afresh on every call. For the fixed-shape queries
that every page asks — the member behind a session, the moderator check, the unread count, a
thread's posts — that Python work measured up to twenty times the database's own (about
0.4 ms against 0.02 ms on SQLite for a small one), and a cold member page asks a dozen.

A PreparedQuery builds its queryset once with stand-in ids, keeps the SQL and the compiler
Django made for it, and on each call runs that SQL with the real ids, through Django's own
cursor, so the router, execute wrappers, transactions and query counting all apply. The rows
become whatever the queryset would give: values_list tuples and flat values through Django's
own iterables; model instances, with their select_related objects and annotations, through
core.loading.Rows, Django's loop planned once for the kept columns. The tests compare every
use with the ORM's answer.

Only whole numbers (ids, page positions) can be filled in: a date or a text is adapted by
the database backend on its way into the SQL, and its stand-in could not be found again. A
query whose shape depends on who asks (a moderator sees more) gets one PreparedQuery per
shape.
"""

import datetime
import inspect
import operator
import threading

from django.db import connections, router
from django.db.models.query import ModelIterable

from core.loading import Rows
from core.sql_text import filling_for

# A stand-in is found among the SQL's parameters by its value, so it must not equal a constant
# of the query itself; and it must fit a 32-bit column (Django drops a lookup whose value a
# column cannot hold, and the stand-in would be lost).
_STAND_IN_BASE = 2_147_000_000
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_KEPT_CONVERTERS = 4


class _KeptQuery:
    """The kept Query, answering get_compiler() with the kept compiler: what Django's
    iterables ask of a queryset's query; everything else is the Query's own."""

    def __init__(self, query, compiler):
        self._query = query
        self._compiler = compiler

    def get_compiler(self, *args, **kwargs):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


class PreparedQuery:
    """`build(**ids)` returns a queryset; fetch(**ids) gives the list it would give for those
    ids. Every keyword of `build` is an id, unless `ids` names them."""

    def __init__(self, build, *, ids: tuple[str, ...] | None = None):
        self._build = build
        self._names = tuple(inspect.signature(build).parameters) if ids is None else ids
        self._model = None
        # Per thread: a compiler holds its thread's database connection.
        self._local = threading.local()

    def fetch(self, **ids) -> list:
        if set(ids) != set(self._names):
            raise TypeError(f"expected the ids {self._names}, got {tuple(ids)}")
        if not all(
            type(value) is int and _INT32_MIN <= value <= _INT32_MAX for value in ids.values()
        ):
            # The ORM knows each column's range (a URL's 20-digit id finds nothing, where the
            # database would refuse it): anything unusual takes the ORM's own road.
            return list(self._build(**ids))
        if self._model is None:
            self._model = self._build(**self._stand_ins()).model
        alias = router.db_for_read(self._model)
        kept = getattr(self._local, "kept", None)
        if kept is None:
            kept = self._local.kept = {}
        if alias not in kept:
            kept[alias] = self._compile(alias)
        queryset, compiler, filling, rows = kept[alias]
        running = _running(compiler, *filling(ids))
        if rows is not None:
            found = rows.fetch(running)
            if found is not None:
                return found
        fresh = type(queryset)(
            model=queryset.model, query=_KeptQuery(queryset.query, running), using=alias
        )
        fresh._iterable_class = queryset._iterable_class
        fresh._fields = queryset._fields
        return list(fresh)

    def _stand_ins(self) -> dict:
        return {name: _STAND_IN_BASE + i for i, name in enumerate(self._names)}

    def _compile(self, alias: str) -> tuple:
        stand_ins = self._stand_ins()
        queryset = self._build(**stand_ins).using(alias)
        if queryset._prefetch_related_lookups:
            raise ValueError("a prepared query cannot prefetch")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()  # also fills compiler.select, klass_info, ...
        if _holds_a_time(queryset.query.where):
            # "Now", or a day counted from it: kept, it would stop moving.
            raise ValueError("a prepared query cannot hold a date or time")
        by_value = {value: name for name, value in stand_ins.items()}
        # On PostgreSQL an integer column's value comes wrapped in psycopg's type for it
        # (Int4, Int8: Django's choice, so the server compares like with like): the real id
        # goes in the same wrapper.
        slots = [
            (by_value[param], type(param))
            if isinstance(param, int) and not isinstance(param, bool) and param in by_value
            else None
            for param in params
        ]
        missing = set(self._names) - {slot[0] for slot in slots if slot is not None}
        if missing:
            raise ValueError(f"the query does not use {sorted(missing)} as plain ids")
        rows = (
            Rows.plan(queryset, compiler, alias)
            if queryset._iterable_class is ModelIterable
            else None
        )
        return queryset, compiler, filling_for(connections[alias], sql, params, slots), rows


def _running(compiler, sql: str, params: list | None):
    """The kept compiler for one call: a shallow copy whose as_sql() gives its SQL with this
    call's parameters, so execute_sql() and results_iter() run it. Its state (select,
    klass_info, the connection) is the kept compiler's; what a call sets stays on the copy.
    A copy rather than a proxy: a small query reads some sixty of the compiler's attributes,
    and a proxy's lookup of each cost a member's home page a twentieth of its time."""
    running = object.__new__(type(compiler))
    running.__dict__.update(compiler.__dict__)
    running.as_sql = lambda *args, **kwargs: (sql, params)
    running.get_converters = _kept_converters(compiler)
    return running


def _kept_converters(compiler):
    """The compiler's get_converters(), answered once for the kept compiler's own columns.
    Django asks each column for its converters on every fetch (0.12 ms for a list of 139
    columns); the answer depends only on the columns and the connection, both kept."""
    kept = compiler.__dict__.setdefault("_kept_converters", [])

    def get_converters(expressions):
        for columns, converters in kept:
            # By identity: the columns are the kept compiler's own objects.
            if len(columns) == len(expressions) and all(map(operator.is_, columns, expressions)):
                return converters
        converters = type(compiler).get_converters(compiler, expressions)
        if len(kept) < _KEPT_CONVERTERS:  # columns made afresh each time are not kept
            kept.append((tuple(expressions), converters))
        return converters

    return get_converters


def _holds_a_time(node) -> bool:
    """Whether a WHERE tree (its lookups, and those of its subqueries) compares with a date
    or time given as a value: SQLite's backend has made it text by the time it is a parameter."""
    if isinstance(node, datetime.date):
        return True
    if isinstance(node, (list, tuple, set)):
        return any(_holds_a_time(each) for each in node)
    if hasattr(node, "children"):  # a WHERE node
        return _holds_a_time(node.children)
    if getattr(node, "query", None) is not None:  # Exists, Subquery, a queryset
        return _holds_a_time(node.query.where)
    if hasattr(node, "where"):  # a Query
        return _holds_a_time(node.where)
    return hasattr(node, "rhs") and _holds_a_time(node.rhs)


def prepared(build) -> PreparedQuery:
    """As a decorator: `@prepared def unread(member_id): return Notification.objects...`."""
    return PreparedQuery(build)


class PreparedInList:
    """A PreparedQuery over a list of ids that changes length (a page's threads, a page of
    search hits): `build(listed, **ids)` filters by `__in=listed`. Up to `size` ids the SQL is
    kept, its `size` places filled with the ids and then with 0, which no row's id is; a
    longer list is built by the ORM."""

    def __init__(self, build, *, size: int, ids: tuple[str, ...] = ()):
        self._build = build
        self._slots = tuple(f"listed_{n}" for n in range(size))

        def kept(**values):
            listed = [values.pop(slot) for slot in self._slots]
            return build(listed, **values)

        self._kept = PreparedQuery(kept, ids=(*ids, *self._slots))

    def fetch(self, listed, **ids) -> list:
        listed = list(dict.fromkeys(listed))
        if len(listed) > len(self._slots):
            return list(self._build(listed, **ids))
        filled = [*listed, *[0] * (len(self._slots) - len(listed))]
        return self._kept.fetch(**ids, **dict(zip(self._slots, filled, strict=True)))
