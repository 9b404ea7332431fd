"""How a kept query's values reach the database (core.prepared): its SQL is made once, and
each call fills in its ids. What else the query holds (a status, a page size, `number = 1`)
is a constant of the query itself, the same on every call.

SQLite: the constants are written into the SQL, the ids stay bound. SQLite compiles a
statement again on every run when a bound value could match a partial index's condition
(`reply_count = 0`, `number = 1`, `seed_key <> ''`), since the value might change its plan:
that was most of the time of a visitor's home page lists (0.08 ms each, against 0.006 ms
with the constants written in). The ids are what changes between calls, and bound they keep
the one text the sqlite3 module's statement cache finds again.

PostgreSQL, whose cursor binds every value on the client anyway (config.postgresql): the
constants are written in once, as psycopg writes them, and each call writes its ids, whole
numbers, the same way; Django's binding of some forty values (a visitor's home lists keep
forty places for category ids) was a fifth of such a query's time on the client.
"""

import re

# A value's place in Django's SQL: %s, but not an escaped %%s (Django's own pattern).
_PLACE = re.compile(r"(?<!%)%s")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class Bound:
    """The SQL with places for every value still bound: the constants, and the ids filled
    in, each in its column's type (`slots[i]`: (id name, type) or None for a constant)."""

    def __init__(self, sql: str, params, slots):
        self.sql, self.params, self.slots = sql, tuple(params), tuple(slots)

    def __call__(self, ids: dict) -> tuple[str, list]:
        filled = [
            param if slot is None else slot[1](ids[slot[0]])
            for param, slot in zip(self.params, self.slots, strict=True)
        ]
        return self.sql, filled


class Written:
    """The SQL with every value written in: the constants once (`literal`, how the database's
    cursor writes one), the ids, whole numbers, on each call. Sent without values, so with
    Django's escaped %% back to %."""

    def __init__(self, sql: str, params, slots, literal):
        pieces = [piece.replace("%%", "%") for piece in _PLACE.split(sql)]
        self.parts, self.names = [pieces[0]], []
        for param, slot, after in zip(params, slots, pieces[1:], strict=True):
            if slot is None:
                self.parts[-1] += literal(param) + after
            else:
                self.names.append(slot[0])
                self.parts.append(after)

    def __call__(self, ids: dict) -> tuple[str, None]:
        text = [self.parts[0]]
        for name, after in zip(self.names, self.parts[1:], strict=True):
            value = ids[name]
            # As psycopg writes a negative number: a space first, so "-" never follows "-".
            text.append(str(value) if value >= 0 else f" {value}")
            text.append(after)
        return "".join(text), None


def filling_for(connection, sql: str, params, slots):
    """How calls fill this SQL on this connection (Bound or Written)."""
    if connection.vendor == "sqlite":
        return Bound(*_sqlite_constants_written_in(sql, params, slots))
    options = connection.settings_dict["OPTIONS"]
    if connection.vendor == "postgresql" and not options.get("server_side_binding"):
        from psycopg import ClientCursor  # only PostgreSQL's connections need psycopg

        connection.ensure_connection()
        client = ClientCursor(connection.connection)
        return Written(sql, params, slots, lambda value: client.mogrify("%s", [value]))
    return Bound(sql, params, slots)


def _sqlite_constants_written_in(sql: str, params, slots) -> tuple:
    pieces = _PLACE.split(sql)
    text, kept_params, kept_slots = [pieces[0]], [], []
    for param, slot, after in zip(params, slots, pieces[1:], strict=True):
        literal = None if slot is not None else _sqlite_literal(param)
        if literal is None:
            text.append("%s")
            kept_params.append(param)
            kept_slots.append(slot)
        else:
            text.append(literal)
        text.append(after)
    return "".join(text), kept_params, kept_slots


def _sqlite_literal(value) -> str | None:
    """An SQLite literal of a whole number, a truth value or a text, written as Django's SQL
    expects (a % doubled), or None: anything else stays bound."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int) and _INT64_MIN <= value <= _INT64_MAX:
        return str(int(value))
    if isinstance(value, str) and "\0" not in value:
        text = str.__str__(value)  # a TextChoices member: its value
        return "'" + text.replace("'", "''").replace("%", "%%") + "'"
    return None
