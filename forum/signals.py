"""Events the forum announces, for the apps above it.

The moderation app sits above the forum (it imports forum; forum never imports it), yet it
must hear when a post is published or held — to open crisis reports, file automatic flags
and email moderators. So the forum defines these signals and sends them from its services,
after the transaction commits (transaction.on_commit), and moderation connects receivers in
its AppConfig.ready(). Nothing inside the forum listens to them: the forum's own effects
(counters, notifications, the search index) are written out in forum.services, where a
reader can see them.
"""

from django.dispatch import Signal

# post_published(sender, post, verdict): a post (a reply, or a thread's opening post) is
# visible to readers. `verdict` is moderation.screening.Verdict: its crisis_phrases and
# flag_reasons ask the moderation app to act. Also sent when an edit is published, with
# `edited=True`.
post_published = Signal()

# post_held(sender, post, verdict): screening held the post for a moderator (hold_reasons).
post_held = Signal()

# thread_created(sender, thread): a new thread exists (published or held, see thread.status).
thread_created = Signal()
