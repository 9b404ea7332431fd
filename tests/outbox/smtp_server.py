"""A real SMTP server in the test process (aiosmtpd), on a free port of 127.0.0.1.

It records what it accepts, and can be told to refuse: `refuse_rcpt` answers RCPT TO (a 550
"no such user" is the usual permanent refusal), `refuse_data` answers DATA (a 451 "try again
later" is the usual temporary one). stop() and start() are an outage and its end: while it is
stopped, connecting is refused, as with a mail server that is down.
"""

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from config.environment import parse_email_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse_rcpt: str | None = None
        self.refuse_data: str | None = None
        self.tries = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.tries += 1
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return self.refuse_data
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    @property
    def mailers(self) -> dict:
        """MAILERS for this server, read from an EMAIL_URL as in production."""
        return {"default": parse_email_url(f"smtp://127.0.0.1:{self.port}?timeout=5")}

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
