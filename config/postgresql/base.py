"""Django's PostgreSQL backend, with a cursor whose finished statements psycopg may prepare
(docs/cold-renders.md, round 28). config.environment names it as the ENGINE.

Django binds a query's values on the client: the server gets one text with the values in it,
and parses and plans it afresh each time. Planning was most of the server's work: a visitor's
home page spent about 4 ms of the database's CPU on four queries, a member's thread page
about 5 ms on five, where executing them took a fraction of a millisecond.

This cursor binds the values on the client exactly as Django's own does (psycopg's mogrify,
the same adapters), then hands psycopg the finished text. psycopg counts the texts each
connection runs and prepares one on its second use (its automatic prepared statements,
documented and public); the server then keeps that statement's plan for the
session. The plan is for those very values, so it is the plan PostgreSQL would choose each
time: unlike server-side binding (tried in rounds 23 and 24), no generic plan can be chosen
for a member it does not suit. Only texts that repeat on a connection gain: the same page's
queries for every visitor, a thread's posts, the categories; a member's own queries carry
their id and gain when they come back to the same page on the same connection.

psycopg drops every prepared statement of a connection after a ROLLBACK or a DROP/ALTER, and
never prepares a text of several statements; it keeps at most `prepared_max` (100) per
connection, deallocating the least recently used. A column whose type another connection
changed makes a prepared statement fail ("cached plan must not change result type"): outside
a transaction the cursor forgets them all and runs the query again (docs/operations.md).
"""

from django.db.backends.postgresql import base, operations
from psycopg import ClientCursor, NotSupportedError, errors, pq
from psycopg import Cursor as ServerBindingCursor

PREPARE_THRESHOLD = 1  # psycopg prepares a text used more than this many times


class PreparedTextCursor(base.CursorMixin, ServerBindingCursor):
    """Django's PostgreSQL cursor (its CursorMixin), sending texts bound on the client
    through psycopg's server-binding Cursor, which may prepare them. `text` is the last
    statement as the server ran it."""

    text = None

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if params is not None:
            query = ClientCursor(self.connection).mogrify(query, params)
        self.text = query if isinstance(query, str) else None
        try:
            return super().execute(query, None, prepare=prepare, binary=binary)
        except errors.FeatureNotSupported as error:
            if not self._may_prepare_again(error):
                raise
            # A column changed type under a statement this connection prepared (a migration
            # while it served): forget them all, and run this one again.
            super().execute("DEALLOCATE ALL")
            return super().execute(query, None, prepare=prepare, binary=binary)

    def _may_prepare_again(self, error) -> bool:
        """A stale prepared plan, outside a transaction. Inside one, the error aborted it:
        it is raised, and the rollback makes psycopg forget every prepared statement."""
        stale = error.diag.message_primary == "cached plan must not change result type"
        idle = self.connection.info.transaction_status == pq.TransactionStatus.IDLE
        return stale and idle

    def executemany(self, query, params_seq, *, returning=False):
        # One statement at a time, each bound on the client as execute() binds it: Django's
        # own cursor binds on the client too, and the server could read some of its SQL
        # differently. (Django itself never calls this; rowcount is the last statement's.)
        if returning:
            raise NotSupportedError("executemany(returning=True): use execute() per row")
        for params in params_seq:
            self.execute(query, params)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # What connection.queries and the debug log show: psycopg's own record of the last
        # query, which Django reads, stays at the last statement it did not prepare.
        text = getattr(cursor, "text", None)
        return text if text is not None else super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self):
        params = super().get_connection_params()
        # OPTIONS "prepare": False (DATABASE_PREPARE=0) for a pooler that cannot keep them.
        prepare = params.pop("prepare", True)
        if not self.settings_dict["OPTIONS"].get("server_side_binding"):
            params["cursor_factory"] = PreparedTextCursor
            if prepare and params.get("prepare_threshold") is None:
                params["prepare_threshold"] = PREPARE_THRESHOLD
        return params
