from urllib.parse import urlencode, urlsplit, urlunsplit

from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from ..models import Youth


def youth_for(user, pk, queryset=None):
    """The record `pk` if `user` may see it, else 404 (outsiders do not learn that it exists)."""
    queryset = Youth.objects.all() if queryset is None else queryset
    return get_object_or_404(
        queryset.visible_to(user).select_related(
            "neighbourhood", "referent__organisation", "created_by_organisation", "information_notice_given_by"
        ),
        pk=pk,
    )


def safe_next(request):
    """The local `next` URL of the request (GET or POST), or "" when absent or pointing elsewhere."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


def with_youth(next_url, youth):
    """`next_url` with youth=<id> added to its query string."""
    parts = urlsplit(next_url)
    query = "&".join(filter(None, [parts.query, urlencode({"youth": youth.pk})]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
