"""The streak's newer services, a module per subject (the first ones — start, check in, end —
are still in accounts/services.py; reasons and unsent messages are in keepsakes.py, which
accounts.services re-exports). Callers import the module:
`from accounts.streaks.services import urges`."""
