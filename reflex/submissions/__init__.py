"""One-time tokens that make every creating form idempotent.

A creating form carries a hidden token (`{% load submissions %}{% submission_token %}` inside the <form>). Once the
form is valid, the view claims the token before creating anything:

    earlier = submissions.claim(request)
    if earlier:                                   # a double click, a replay: nothing more is created
        return redirect(earlier.result_url or fallback)
    ... create ...
    return submissions.answered(request, redirect(obj))   # remembers where the first post led

`claim` inserts the token as the primary key of a `Submission` inside the request's transaction: a concurrent
second post waits on that key until the first commits, then finds it taken. A post without a token (an old page,
a script) is not protected but still works.
"""

import uuid

from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction

FIELD = "submission_token"
NEXT_TOKEN_HEADER = "X-Next-Submission-Token"


def posted_token(request):
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def token_for_form(request):
    """The token to put in a form being rendered: the one just posted if it was not used (the form came back with
    its errors), else a new one."""
    if request is not None and request.method == "POST" and getattr(request, "_submission_claimed", None) is None:
        posted = posted_token(request)
        if posted is not None:
            return posted
    return uuid.uuid4()


def earlier(request):
    """The earlier post of this form by this user, without claiming anything (for forms that go through a step
    before creating, such as the duplicate check of a new record)."""
    from .models import Submission

    token = posted_token(request)
    if token is None:
        return None
    return Submission.objects.filter(token=token, user=request.user).first()


def claim(request):
    """Claim the posted token. None: first post, go on and create. Else the earlier `Submission`, to answer with."""
    from .models import Submission

    token = posted_token(request)
    if token is None:
        return None
    try:
        with transaction.atomic():
            Submission.objects.create(token=token, user=request.user, path=request.path[:200])
    except IntegrityError:
        earlier = Submission.objects.filter(token=token).first()
        if earlier is None or earlier.user_id != request.user.pk:
            raise SuspiciousOperation("A form token was posted by someone else.") from None
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
    response[NEXT_TOKEN_HEADER] = str(uuid.uuid4())
    return response
