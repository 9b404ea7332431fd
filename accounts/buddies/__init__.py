"""Accountability buddies (issue 16, item 4): invitations, pairings, templated pings and
replies, and the finder. See docs/buddy.md."""
