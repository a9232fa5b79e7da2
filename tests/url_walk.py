"""Every URL pattern of the project, with placeholder arguments, for tests that must cover them all."""

from django.urls import URLPattern, URLResolver, get_resolver

PLACEHOLDERS = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}


def _walk(resolvers, prefix="", namespace=None):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            child_ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            yield namespace, prefix + str(entry.pattern), entry


def _fill(route):
    import re

    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: PLACEHOLDERS.get(m.group(1) or "str", "x"), route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\Z", "")


def all_urls(exclude_namespaces=("admin",)):
    """(namespace, url, pattern) for every pattern outside the excluded namespaces; regex routes are skipped."""
    for namespace, route, pattern in _walk(get_resolver().url_patterns):
        if namespace in exclude_namespaces or "(?P" in route or "\\" in route:
            continue
        yield namespace, _fill(route), pattern
