"""The task worker stops mid-run (issue #17, "staying up when parts fail"): emails and data
exports wait in the queue — their rows and their tasks, in the database (django-tasks-db) —
and go out once each when a worker runs again.

A real `manage.py db_worker` process, killed with SIGKILL (no chance to finish politely),
then started again. The console email backend prints every message the worker sends, so its
output counts deliveries: each email must appear exactly once.
"""

import signal
import subprocess
import sys
import time

from tests.scale.servers import ROOT

WORKER_ENV = {"TASKS_BACKEND": "database", "EMAIL_URL": "console://"}

QUEUE_EMAIL = """
from outbox.services import queue_email
email = queue_email(
    to="{to}", subject="{subject}", text="Held for you.", idempotency_key="{subject}"
)
result = {{"email": email.pk}}
"""

QUEUE_EXPORT = """
from accounts.models import User, DataExport
from accounts.data_rights.services import build_export_task
from django.utils import timezone
import datetime
member = User.objects.create_user(username="exporting_member", email="export@example.org")
now = timezone.now()
export = DataExport.objects.create(
    member=member, created_at=now, expires_at=now + datetime.timedelta(days=7)
)
build_export_task.enqueue(str(export.pk))
result = {"export": str(export.pk)}
"""

STATE = """
from outbox.models import OutgoingEmail
from accounts.models import DataExport
result = {
    "emails": dict(OutgoingEmail.objects.values_list("subject", "status")),
    "exports": [e.status for e in DataExport.objects.all()],
}
"""


def start_worker(database, log_path):
    log = open(log_path, "ab")  # noqa: SIM115 — closed by stop_worker
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=ROOT,
        env=database.env(**WORKER_ENV),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_file = log
    return process


def kill_worker(process):
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.log_file.close()


def wait_for(database, done, *, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        state = database.run_script(STATE, **WORKER_ENV)
        if done(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.5)


def test_worker_down_emails_and_exports_wait_and_go_out_once_each(scale_database):
    log_path = scale_database.directory / "worker.log"
    worker = start_worker(scale_database, log_path)
    try:
        scale_database.run_script(
            QUEUE_EMAIL.format(to="before@example.org", subject="Sent before the stop"),
            **WORKER_ENV,
        )
        state = wait_for(scale_database, lambda s: s["emails"]["Sent before the stop"] == "sent")
        assert state["emails"]["Sent before the stop"] == "sent"
    finally:
        kill_worker(worker)  # mid-run: the worker is polling for more

    # With no worker, new work waits in the queue — and stays there.
    scale_database.run_script(
        QUEUE_EMAIL.format(to="waiting@example.org", subject="Queued while down"), **WORKER_ENV
    )
    scale_database.run_script(QUEUE_EXPORT, **WORKER_ENV)
    time.sleep(2)
    state = scale_database.run_script(STATE, **WORKER_ENV)
    assert state["emails"]["Queued while down"] == "queued"
    assert state["exports"] == ["pending"]

    worker = start_worker(scale_database, log_path)
    try:
        state = wait_for(
            scale_database,
            lambda s: s["emails"]["Queued while down"] == "sent" and s["exports"] == ["ready"],
        )
    finally:
        kill_worker(worker)
    assert state["emails"] == {"Sent before the stop": "sent", "Queued while down": "sent"}
    assert state["exports"] == ["ready"]
    printed = log_path.read_text()
    # The console backend prints each message it sends: each went out exactly once.
    assert printed.count("Subject: Sent before the stop") == 1, printed[-3000:]
    assert printed.count("Subject: Queued while down") == 1, printed[-3000:]
    assert "Traceback" not in printed, printed[-3000:]
