"""Queries whose SQL is compiled once per process (docs/cold-renders.md, "Prepared queries").

Django builds and compiles a query's SQL afresh on every call. For the small, fixed-shape
queries that every signed-in page asks — the moderator check, the unread count, a thread's
read marker — that Python work measured twenty times the database's own (about 0.4 ms against
0.02 ms on SQLite), and a cold member page asks a dozen of them.

A PreparedQuery builds its queryset once per database with stand-in ids, keeps the SQL and
the row converters Django chose for it, and on each call runs that SQL with the real ids:
the same SQL and the same rows as the ORM (the tests compare both), through Django's own
cursor (so the router, execute wrappers, transactions and query counting all apply).

Only whole numbers (ids) can be filled in: a date or a text would be adapted by the
database backend on its way into the SQL, and a stand-in could not be found again.
"""

import inspect

from django.db import connections, router

# Far above any id the site will have: a stand-in is found among the SQL's parameters by
# its value, so it must not equal a constant of the query itself.
_STAND_IN_BASE = 9_000_000_000_000_000_000


class PreparedQuery:
    """`build(**ids)` returns a queryset: a values_list() (rows() gives its tuples), or a
    model's queryset (instances() gives model objects, every concrete field loaded). Every
    keyword of `build` is an id filled in on each call."""

    def __init__(self, build):
        self._build = build
        self._names = tuple(inspect.signature(build).parameters)
        self._compiled = {}
        self._model = None

    def rows(self, **ids) -> list[tuple]:
        compiled = self._compiled_for(ids)
        return self._run(compiled, ids)

    def instances(self, **ids) -> list:
        compiled = self._compiled_for(ids, whole_rows=True)
        model, alias, names = compiled["model"], compiled["alias"], compiled["names"]
        return [model.from_db(alias, names, row) for row in self._run(compiled, ids)]

    def _compiled_for(self, ids: dict, *, whole_rows: bool = False) -> dict:
        if set(ids) != set(self._names):
            raise TypeError(f"expected the ids {self._names}, got {tuple(ids)}")
        if self._model is None:
            self._model = self._build(**self._stand_ins()).model
        alias = router.db_for_read(self._model)
        compiled = self._compiled.get((alias, whole_rows))
        if compiled is None:
            compiled = self._compile(alias, whole_rows=whole_rows)
            self._compiled[(alias, whole_rows)] = compiled
        return compiled

    def _stand_ins(self) -> dict:
        return {name: _STAND_IN_BASE + i for i, name in enumerate(self._names)}

    def _compile(self, alias: str, *, whole_rows: bool) -> dict:
        stand_ins = self._stand_ins()
        queryset = self._build(**stand_ins).using(alias)
        names = ()
        if whole_rows:
            names = tuple(field.attname for field in queryset.model._meta.concrete_fields)
            queryset = queryset.values_list(*names)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in stand_ins.items()}
        slots = [by_value.get(param) if type(param) is int else None for param in params]
        missing = set(self._names) - set(slots)
        if missing:
            raise ValueError(f"the query does not use {sorted(missing)} as plain ids")
        expressions = [column for column, _sql, _alias in compiler.select]
        return {
            "alias": alias,
            "model": queryset.model,
            "names": names,
            "sql": sql,
            "params": params,
            "slots": slots,
            "compiler": compiler,
            "converters": compiler.get_converters(expressions),
        }

    @staticmethod
    def _run(compiled: dict, ids: dict) -> list[tuple]:
        params = [
            param if slot is None else ids[slot]
            for param, slot in zip(compiled["params"], compiled["slots"], strict=True)
        ]
        with connections[compiled["alias"]].cursor() as cursor:
            cursor.execute(compiled["sql"], params)
            rows = cursor.fetchall()
        converters = compiled["converters"]
        if not converters:
            return [tuple(row) for row in rows]
        return [tuple(row) for row in compiled["compiler"].apply_converters(rows, converters)]


def prepared(build) -> PreparedQuery:
    """As a decorator: `@prepared def unread(member_id): return Notification.objects...`."""
    return PreparedQuery(build)
