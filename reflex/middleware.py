"""Security middleware: the second factor gate and `Cache-Control: no-store` on signed-in pages."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from reflex.audit import second_factor

# Pages a signed-in person reaches before the second factor: leaving, choosing the language, the factor itself, its
# enrolment link, and the password-reset request (whose e-mail carries an enrolment link when one is needed).
BEFORE_SECOND_FACTOR = {
    "logout",
    "set_language",
    "audit:second_factor",
    "audit:enrol",
    "password_reset",
    "password_reset_done",
}


class SecondFactorMiddleware:
    """Send a signed-in person who owes a second factor to the verification (or enrolment) page.

    Who owes it is decided in `reflex.audit.second_factor.is_owed`. It runs for every view, the admin included
    (the admin's views are "login not required" because the admin handles its own login).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match and request.resolver_match.view_name in BEFORE_SECOND_FACTOR:
            return None
        if not second_factor.is_owed(request):
            return None
        url = reverse("audit:second_factor") + "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


class NoStoreMiddleware:
    """Pages seen signed in hold personal data: no browser or proxy may keep a copy (back button, shared PC)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response.headers["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
