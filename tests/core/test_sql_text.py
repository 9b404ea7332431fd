"""Specification of core.sql_text: how a kept query's constants and ids reach its SQL."""

from core.sql_text import Bound, Written, _sqlite_constants_written_in

SQL = "SELECT a FROM t WHERE b LIKE '%%x' AND c = %s AND d = %s AND e - %s > 0"
SLOTS = (None, ("thread_id", int), ("member_id", int))


def test_bound_fills_each_id_in_its_type_and_keeps_the_constants():
    filling = Bound(SQL, ("open", 0, 0), SLOTS)
    assert filling({"thread_id": 5, "member_id": 9}) == (SQL, ["open", 5, 9])


def test_written_writes_the_constants_once_and_the_ids_on_each_call():
    filling = Written(SQL, ("open", 0, 0), SLOTS, lambda value: f"'{value}'")
    text, params = filling({"thread_id": 5, "member_id": -3})
    # Sent without values: Django's escaped %% is a plain % again.
    assert text == "SELECT a FROM t WHERE b LIKE '%x' AND c = 'open' AND d = 5 AND e -  -3 > 0"
    assert params is None
    assert filling({"thread_id": 6, "member_id": 1})[0].endswith("d = 6 AND e - 1 > 0")


def test_sqlite_writes_whole_numbers_truths_and_texts_and_binds_the_rest():
    sql = "SELECT 1 WHERE a = %s AND b = %s AND c = %s AND d = %s AND e = %s AND f = %s"
    params = (7, True, "it's 5%", 1.5, None, 2)
    slots = (None, None, None, None, None, ("thread_id", int))
    text, kept, kept_slots = _sqlite_constants_written_in(sql, params, slots)
    assert (
        text
        == "SELECT 1 WHERE a = 7 AND b = 1 AND c = 'it''s 5%%' AND d = %s AND e = %s AND f = %s"
    )
    assert kept == [1.5, None, 2] and kept_slots == [None, None, ("thread_id", int)]
