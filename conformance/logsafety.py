"""Keep credentials, request signatures and UserData out of the logs pytest writes (log file, live and captured
logs, and so JUnit XML and Allure): botocore logs every request at DEBUG, Authorization header included."""

from __future__ import annotations

import logging
import re

import pytest

from reports.redact import REDACTED, Disclosure

_SIGNING_LOGGERS = ("botocore.auth",)  # canonical request, string to sign, signature: nothing to keep
_USER_DATA_VALUE = re.compile(r"""(?i)(\buserdata['"]?\s*[:=]\s*b?['"]?)(?!\[)[^'"&\s,}>]+""")
USER_DATA_WITHHELD = "[UserData withheld]"
_HANDLERS = ("log_file_handler", "log_cli_handler", "caplog_handler", "report_handler")


class RedactingFilter(logging.Filter):
    """Rewrites each record's message with credentials redacted and UserData withheld (unless asked for)."""

    def __init__(self, show_user_data: bool = False) -> None:
        super().__init__()
        self.disclosure = Disclosure(show_user_data)
        self.redactor = self.disclosure.redactor
        self.show_user_data = show_user_data

    def clean(self, record: logging.LogRecord) -> str:
        if record.name.startswith(_SIGNING_LOGGERS):
            return f"{REDACTED} (request signing details)"
        message = self.redactor.text(record.getMessage())
        if not self.show_user_data:
            message = _USER_DATA_VALUE.sub(lambda m: m.group(1) + USER_DATA_WITHHELD, message)
        return message

    def filter(self, record: logging.LogRecord) -> bool:
        message = self.clean(record)
        if message != record.getMessage():
            record.msg, record.args = message, None
        return True


def install(config: pytest.Config, show_user_data: bool) -> RedactingFilter:
    """Put the filter on every handler of pytest's logging plugin."""
    log_filter = RedactingFilter(show_user_data)
    plugin = config.pluginmanager.get_plugin("logging-plugin")
    for name in _HANDLERS:
        handler = getattr(plugin, name, None)
        if isinstance(handler, logging.Handler):
            handler.addFilter(log_filter)
    return log_filter
