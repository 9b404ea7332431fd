import pytest

from tests import factories
from tests.outbox.smtp_server import SmtpServer


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, running, that the site's mailer points at (EMAIL_URL smtp://)."""
    server = SmtpServer()
    server.start()
    settings.MAILERS = server.mailers
    yield server
    server.stop()


@pytest.fixture
def thread(member):
    """A thread by `member` (rowan), who follows it."""
    return factories.make_thread(author=member, title="Day one again")


@pytest.fixture
def database_queue(settings):
    """TASKS_BACKEND=database, as in production: tasks wait in django-tasks-db's table for
    `manage.py db_worker`."""
    from django.tasks import task_backends

    def reset():  # the handler reads TASKS once; start it afresh (as at start-up)
        task_backends.__dict__.pop("settings", None)
        task_backends.__init__()

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reset()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    reset()
