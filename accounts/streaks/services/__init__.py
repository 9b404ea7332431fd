"""The streak's newer services, a module per subject (the first ones — start, check in, end,
reasons, unsent messages — are still in accounts/services.py). Callers import the module:
`from accounts.streaks.services import urges`."""
