"""Real servers for the scale tests: gunicorn app servers, a Redis server, and a database of
their own that both passes of `make test` can share between processes.

The app servers run the production settings (config.settings, DEBUG off) through
tests.scale.server_settings, which only swaps the static-files storage (no collectstatic in
a test run). They talk to a database made for the test — a SQLite file on the SQLite pass,
a fresh database on the test run's PostgreSQL server on the PostgreSQL pass — because the
suite's own test database lives inside pytest's process and transactions.

Clients speak plain HTTP through http.client and carry their cookies by hand: the
production cookies are `Secure`, which a cookie jar would refuse to send over http.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.scale.server_settings",
    "DEBUG": "0",
    "SECRET_KEY": "scale-tests-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "EMAIL_URL": "locmem://",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "HOLDFAST_APPROVAL_POSTS": "0",
    "LOG_LEVEL": "WARNING",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen, log: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"server did not listen on {port}:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- The database the servers share --------------------------------------------------------


@dataclass
class ScaleDatabase:
    url: str
    directory: Path
    _drop: object = None
    # More databases on the same PostgreSQL server to drop with this one (test_replica).
    extra_databases: list = field(default_factory=list)

    @classmethod
    def create(cls) -> "ScaleDatabase":
        """A migrated, empty database for the servers: a SQLite file in a temporary folder,
        or a new database on the PostgreSQL server that DATABASE_URL points at."""
        directory = Path(tempfile.mkdtemp(prefix="holdfast-scale-"))
        base = os.environ.get("DATABASE_URL", "")
        if base.startswith(("postgres://", "postgresql://")):
            name = f"holdfast_scale_{uuid.uuid4().hex[:10]}"
            _admin_sql(base, f'CREATE DATABASE "{name}"')
            parts = urlsplit(base)
            url = urlunsplit(parts._replace(path=f"/{name}"))
            database = cls(url=url, directory=directory, _drop=(base, name))
        else:
            database = cls(url=f"sqlite:///{directory}/scale.sqlite3", directory=directory)
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=database.env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            database.destroy()
            raise RuntimeError(f"migrate failed:\n{result.stdout}\n{result.stderr}")
        return database

    @property
    def vendor(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"

    def env(self, **extra) -> dict:
        return {
            **os.environ,
            **SERVER_ENV,
            "DATABASE_URL": self.url,
            "PYTHONPATH": str(ROOT),
            **extra,
        }

    def run_script(self, code: str, **extra_env) -> dict:
        """Run Python `code` against this database with Django set up; the code assigns a
        JSON-able `result`, which is returned."""
        program = (
            "import django, json\ndjango.setup()\n"
            + code
            + "\nprint('RESULT' + json.dumps(result))\n"
        )
        completed = subprocess.run(
            [sys.executable, "-c", program],
            cwd=ROOT,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise RuntimeError(completed.stdout + completed.stderr)
        line = [row for row in completed.stdout.splitlines() if row.startswith("RESULT")][-1]
        return json.loads(line.removeprefix("RESULT"))

    def destroy(self) -> None:
        if self._drop:
            base, name = self._drop
            for extra in self.extra_databases:
                _admin_sql(base, f'DROP DATABASE IF EXISTS "{extra}" WITH (FORCE)')
            _admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(self.directory, ignore_errors=True)


def _admin_sql(url: str, statement: str) -> None:
    import psycopg

    # Through the maintenance database, which every server has (DATABASE_URL's own database
    # may not exist: pytest-django only needs the server).
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(statement)


# --- Redis ---------------------------------------------------------------------------------


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen
    directory: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @classmethod
    def start(cls, port: int | None = None) -> "RedisServer":
        """A new, empty Redis server; on `port` to play one that restarts (the failure tests)."""
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise RuntimeError("redis-server is missing: run scripts/system-deps (make test does)")
        directory = Path(tempfile.mkdtemp(prefix="holdfast-redis-"))
        port = port or free_port()
        log = directory / "redis.log"
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(directory),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(port, process=process, log=log)
        return cls(port=port, process=process, directory=directory)

    def stop(self) -> None:
        stop(self.process)
        shutil.rmtree(self.directory, ignore_errors=True)


# --- App servers ---------------------------------------------------------------------------


@dataclass
class AppServer:
    """One gunicorn app server: a few worker processes, each with a few threads."""

    port: int
    process: subprocess.Popen
    log: Path

    @classmethod
    def start(
        cls,
        database: ScaleDatabase,
        *,
        app: str = "config.wsgi:application",
        workers: int = 2,
        threads: int = 4,
        worker_connections: int = 1000,
        **extra_env,
    ) -> "AppServer":
        port = free_port()
        log = database.directory / f"gunicorn-{port}.log"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--worker-connections",
            str(worker_connections),
            "--timeout",
            "60",
            "--error-logfile",
            str(log),
        ]
        with open(log, "ab") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=database.env(**extra_env), stdout=out, stderr=out
            )
        wait_for_port(port, process=process, log=log)
        return cls(port=port, process=process, log=log)

    def client(self, cookies: dict | None = None) -> "Browser":
        return Browser(port=self.port, cookies=dict(cookies or {}))

    def stop(self) -> str:
        """Stop the server; returns its log (tracebacks and errors land there)."""
        stop(self.process)
        return self.log.read_text()


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Browser:
    """A visitor's browser, reduced to what the tests need: one keep-alive connection and
    the cookies the server set, sent back whatever their Secure flag."""

    port: int
    cookies: dict = field(default_factory=dict)
    _connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self._connection.request(method, path, body=body, headers=headers)
                raw = self._connection.getresponse()
                text = raw.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: open a new one, once.
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(status=raw.status, headers=raw.headers, body=text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def csrf_token(self, form_path: str) -> str:
        """GET the page with the form, for the CSRF token in it (and its cookie)."""
        page = self.get(form_path)
        match = _CSRF_INPUT.search(page.body)
        assert match, f"no CSRF token on {form_path} ({page.status})"
        return match.group(1)

    def post_form(self, form_path: str, data: dict, *, action: str | None = None) -> Response:
        """GET the page with the form, then POST `data` with its CSRF token to `action`."""
        token = self.csrf_token(form_path)
        return self.request("POST", action or form_path, {"csrfmiddlewaretoken": token, **data})

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


# --- A PostgreSQL primary and its streaming replica (the failure tests) --------------------


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        raise RuntimeError("PostgreSQL is missing: run scripts/system-deps (make test does)")
    return str(candidates[-1])


@dataclass
class PostgresServer:
    """A throwaway PostgreSQL cluster of the test's own (as scripts/pg-server makes one), which
    the test may stop and start again; replica() makes a hot standby streaming from it."""

    port: int
    directory: Path
    as_owner: list

    @property
    def url(self) -> str:
        return f"postgres://holdfast@127.0.0.1:{self.port}/holdfast"

    @classmethod
    def start(cls) -> "PostgresServer":
        directory = Path(tempfile.mkdtemp(prefix="holdfast-pg-"))
        as_owner = []
        if os.getuid() == 0:  # PostgreSQL refuses to run as root
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
            shutil.chown(directory, "postgres")
            as_owner = ["runuser", "-u", "postgres", "--"]
        server = cls(port=free_port(), directory=directory, as_owner=as_owner)
        server._run(
            _pg_bin("initdb"), "-D", str(server.data), "-U", "holdfast", "-A", "trust",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        server.start_again()
        server._run(_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(server.port),
                    "-U", "holdfast", "holdfast")  # fmt: skip
        return server

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def _run(self, *command):
        result = subprocess.run([*self.as_owner, *command], capture_output=True, text=True)
        if result.returncode != 0:
            log = self.directory / "server.log"
            raise RuntimeError(
                f"{command[0]} failed:\n{result.stdout}{result.stderr}"
                + (log.read_text()[-3000:] if log.exists() else "")
            )

    def start_again(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=100 -c wal_level=replica "
            "-c hot_standby=on"
        )
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-l",
                  str(self.directory / "server.log"), "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (immediate: as if it crashed, no clean shutdown)."""
        subprocess.run(
            [*self.as_owner, _pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "stop"],
            capture_output=True,
        )

    def replica(self) -> "PostgresServer":
        """A hot standby of this server, streaming from it, started."""
        directory = Path(tempfile.mkdtemp(prefix="holdfast-pg-replica-"))
        if self.as_owner:
            shutil.chown(directory, "postgres")
        standby = PostgresServer(port=free_port(), directory=directory, as_owner=self.as_owner)
        # -c fast: a checkpoint now, not at the next scheduled one (minutes away).
        standby._run(_pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.port),
                     "-U", "holdfast", "-D", str(standby.data), "-R", "-X", "stream",
                     "-c", "fast")  # fmt: skip
        standby.start_again()
        return standby

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)
