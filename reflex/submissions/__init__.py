"""One-time tokens that make every creating form idempotent.

A creating form carries a hidden token (`{% load submissions %}{% submission_token %}` inside the <form>). The
view answers a replay before validating anything (a replayed form may no longer be valid: its sessions now clash
with themselves, its pathway has ended), refuses a post without a token, and claims the token before creating:

    if done := submissions.earlier(request):     # a replay, a double click: answer like the first post
        return redirect(done.result_url or fallback)
    form = TheForm(request.POST or None)
    if request.method == "POST" and submissions.has_token(request, form) and form.is_valid():
        if earlier := submissions.claim(request):  # the first post committed while this one was validated
            return redirect(earlier.result_url or fallback)
        ... create ...
        return submissions.answered(request, redirect(obj))   # remembers where the first post led

The token is mandatory: a post without one (an old page, a script, a page that did not load fully) creates
nothing; `has_token` gives the form the French message and the page is shown again with what was typed and a fresh
token. `claim` inserts the token as the primary key of a `Submission` inside the request's transaction: a concurrent
second post waits on that key until the first commits, then finds it taken.

Tests post a token like a page would: `tests/submission_tokens.py` (`with_token(data)`), minted by `new_token`.
"""

import uuid

from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

FIELD = "submission_token"
NEXT_TOKEN_HEADER = "X-Next-Submission-Token"
MISSING_TOKEN_MESSAGE = _(
    "This form was sent without its one-time code (an old page, or a page that did not load fully): nothing was "
    "saved. Check what you typed and send it again."
)


class MissingToken(SuspiciousOperation):
    """A creating view claimed a post without a token (its `has_token` check was forgotten): a 400, nothing made."""


def new_token():
    """A fresh one-time token, for a form about to be shown (or a test posting like one)."""
    return uuid.uuid4()


def posted_token(request):
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def token_for_form(request):
    """The token to put in a form being rendered: the one just posted if it was not used (the form came back with
    its errors), else a new one (also when the post was a replay: a page that answers it with its form again, such
    as an htmx panel, must not give the next entry a spent token)."""
    if request is None or getattr(request, "_submission_spent", False):
        return new_token()
    if request.method == "POST" and getattr(request, "_submission_claimed", None) is None:
        posted = posted_token(request)
        if posted is not None:
            return posted
    return new_token()


def earlier(request):
    """The earlier post of this form by this user, without claiming anything (for forms that go through a step
    before creating, such as the duplicate check of a new record)."""
    from .models import Submission

    token = posted_token(request)
    if token is None:
        return None
    found = Submission.objects.filter(token=token, user=request.user).first()
    if found is not None:
        request._submission_spent = True
    return found


def has_token(request, form=None):
    """Whether this post carries its one-time token. Without one nothing may be created: `form` (when given) gets
    the French message as a non-field error, so that the page comes back with what was typed and a fresh token.
    Call it before `form.is_valid()` so that the form's own errors are shown too."""
    if posted_token(request) is not None:
        return True
    if form is not None:
        form.add_error(None, MISSING_TOKEN_MESSAGE)
    return False


def claim(request):
    """Claim the posted token. None: first post, go on and create. Else the earlier `Submission`, to answer with."""
    from .models import Submission

    token = posted_token(request)
    if token is None:
        raise MissingToken("A creating form was posted without its one-time token.")
    try:
        with transaction.atomic():
            Submission.objects.create(token=token, user=request.user, path=request.path[:200])
    except IntegrityError:
        earlier = Submission.objects.filter(token=token).first()
        if earlier is None or earlier.user_id != request.user.pk:
            raise SuspiciousOperation("A form token was posted by someone else.") from None
        request._submission_spent = True
        return earlier
    request._submission_claimed = token
    return None


def answered(request, response):
    """Remember where the first post of this form led (a redirect), so that a replay is sent there too."""
    from .models import Submission

    token = getattr(request, "_submission_claimed", None)
    if token is not None and response.has_header("Location"):
        Submission.objects.filter(token=token).update(result_url=response["Location"][:500])
    return response


def with_next_token(response):
    """For forms that stay on the page after an htmx post (row forms): the token their next entry carries."""
    response[NEXT_TOKEN_HEADER] = str(new_token())
    return response
