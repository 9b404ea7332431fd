"""Specification of the mixed workload's run that needs no server (bench/mixed_run.py)."""

from bench import mixed_run


def test_site_from_gives_each_member_their_own_address():
    found = {
        "threads": [["/t/1/a/", 1, 40, 9]],
        "categories": ["/c/x/"],
        "usernames": ["member00000"],
        "members": [["member00000", "s0", "c0"], ["member00002", "s1", "c1"]] * 200,
    }
    built = mixed_run.site_from(found)
    addresses = [member.address for member in built.members]
    assert len(set(addresses)) == 400
    assert built.threads[0].pages == 2
