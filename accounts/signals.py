"""Events the accounts app announces, for the apps above it.

accounts sits at the bottom of the import chain: it never imports forum or moderation. When a
member's data is exported or erased, those apps must contribute what they hold about the
member, so accounts defines these signals and sends them from accounts.data_rights.services;
forum and moderation connect receivers in their AppConfig.ready() (forum/data_rights.py,
moderation/data_rights.py). A lower app announces, the higher apps act.
"""

from django.dispatch import Signal

# collecting_export(sender, member): each receiver RETURNS a dict of export sections, e.g.
# {"threads": [...], "posts": [...]}, holding what the member wrote and nothing that names
# anyone else. Called inside accounts.data_rights.services.build_export; must only read.
collecting_export = Signal()

# erasing_member(sender, member, keep_posts, now): each receiver erases or anonymises its
# app's data about `member` inside the caller's transaction, before the member's row is
# deleted. keep_posts=True: their posts stay, shown as "former member"; False: their posts
# are removed and their text erased.
erasing_member = Signal()

# milestone_reached(sender, member, days, now): sent once per award of milestones (1, 3, 7 …
# 365 days; accounts.streaks.MILESTONES), for the highest one reached — a back-dated start
# reaching several at once is celebrated once — after the award is committed, by the streak
# services. forum listens (forum/celebrations.py) to post an opt-in celebration note; the
# receiver must itself check the member's choice and streak privacy.
milestone_reached = Signal()

# streak_privacy_changed(sender, member): sent after the commit when a member changes who sees
# their streak or how (streak_visibility, streak_display), by accounts.services.update_profile.
# forum listens (forum/celebrations.py) to withdraw celebration posts that now say more than
# the member's choice allows.
streak_privacy_changed = Signal()
