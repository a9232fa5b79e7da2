"""E-mails leave through the worker, never inside the request: a slow or unreachable mail server costs the person
nothing (the page answers at once) and a failed sending is retried, then recorded as a failed task.

`send_email.enqueue(...)` for any message; `BackgroundPasswordResetForm` for password e-mails (reset and new
accounts), rendered in the request (its language, its links) and sent by the worker.
"""

import logging
from datetime import timedelta

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from reflex.worker.policies import bounded_task

logger = logging.getLogger(__name__)


@bounded_task(time_limit=timedelta(minutes=2), max_attempts=3)
def send_email(subject, body, from_email, to, html_body=None):
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
    return len(to)


class BackgroundPasswordResetForm(PasswordResetForm):
    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        send_email.enqueue(subject, body, from_email, [to_email], html_body)
