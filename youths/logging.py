"""Keep the free search text out of the logs: names typed in `q=` must not end in the server's request log."""

import logging
import re

_SEARCH_PARAM = re.compile(r"([?&]q=)[^&\s\"]*")


def redact(text):
    return _SEARCH_PARAM.sub(r"\1…", text)


class RedactSearchText(logging.Filter):
    """Installed on the "django.server" and "django.request" loggers by YouthsConfig.ready()."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def install():
    for name in ("django.server", "django.request", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactSearchText) for existing in logger.filters):
            logger.addFilter(RedactSearchText())
