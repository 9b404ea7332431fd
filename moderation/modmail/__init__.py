"""A line to the moderators (docs/modmail.md): the reads, forms and pages of modmail,
appeals and staff notes. Their changes of state are in moderation.actions (modmail,
appeals, staff_notes); who may do what is in moderation.permissions."""
