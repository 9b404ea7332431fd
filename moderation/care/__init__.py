"""The care loop (docs/care.md): no first post goes unanswered, crisis items are taken on
within minutes, and members someone is worried about hear from us kindly.

* rounds.py — the net (threads waiting for a first reply call the guides and moderators on
  shift, then everyone) and the crisis clock (care items call the moderators on call at once,
  everyone after HOLDFAST_CRISIS_ESCALATE_MINUTES unacknowledged). Each round is recorded
  (CareAlert), so care_tick may run as often as cron likes.
* messages.py — check-ins ("someone is worried about you", at most one a day, never naming
  who asked) and caring messages from moderators: CareMessage rows, the member's care history.
* selectors.py — the "Waiting for a first reply" queue, the care history and acknowledgements
  the care queue shows, and the dashboard's first-reply and acknowledgement figures.
* emails.py — the emails of the above, through accounts.email.sending like every other email.

The moderator's own actions (acknowledging, caring messages, guide roles, lifting a silence
or suspension) are services in moderation.actions, beside the other actions they sit with.
"""
