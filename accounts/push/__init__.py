"""Web push (issue 16, item 6): a member turns push on for a device (the Push API), sets quiet
hours, and is told of replies, risky dates and buddy pings in discreet words — never "no
contact", never a name, never a thread title (a phone's lock screen is seen by others).

`messages` (pure: the words), `services` (subscribe, quiet hours, `push_to_members()` — the one door
every sender calls), `tasks` and `delivery` (one push to one device, through pywebpush, in a
task after the sender's transaction commits), `forms` and `views` (the settings page).
docs/app-and-push.md describes it."""
