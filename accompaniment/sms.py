"""Sending a text message through a small provider interface, chosen by settings.

- `console` (the default, for development): writes the message to the log, sends nothing.
- `http`: one JSON POST per message to `SMS_HTTP_URL`, with `Authorization: Bearer SMS_HTTP_TOKEN`, the body
  `{"from": SMS_SENDER, "to": "+33…", "text": "…"}`; a 2xx answer with an `id` is a success. Most French SMS
  gateways take this shape (or one adapter away from it).

A backend returns the provider's message id, or raises `SmsError` with a short reason (never the message text).
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)


class SmsError(Exception):
    pass


class ConsoleBackend:
    def send(self, to, text):
        logger.info("SMS (console backend) to %s: %s", to[:-4] + "****", text)
        return "console"


class HttpBackend:
    def __init__(self, url, token, sender, timeout=10):
        self.url, self.token, self.sender, self.timeout = url, token, sender, timeout

    def send(self, to, text):
        body = json.dumps({"from": self.sender, "to": to, "text": text}).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise SmsError(f"HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError("provider unreachable") from error
        except ValueError as error:
            raise SmsError("unreadable answer") from error
        if not answer.get("id"):
            raise SmsError("no message id in the answer")
        return str(answer["id"])


def backend():
    if settings.SMS_BACKEND == "http":
        return HttpBackend(settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN, settings.SMS_SENDER)
    return ConsoleBackend()
