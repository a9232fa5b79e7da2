"""Every URL pattern of the project, with placeholder arguments, for tests that must cover them all."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

PLACEHOLDERS = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}


def _walk(resolvers, prefix="", namespace=None):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            child_ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            yield namespace, prefix + str(entry.pattern), entry


REGEX_CANDIDATES = ["1", "x", "a" * 32]


def _regex_value(match):
    """A value for a regex route's named group: the first candidate its own pattern accepts."""
    group_pattern = match.group(2)
    for candidate in REGEX_CANDIDATES:
        if re.fullmatch(group_pattern, candidate):
            return candidate
    raise ValueError(f"No placeholder matches ({group_pattern}); add one to REGEX_CANDIDATES.")


def _fill(route):
    route = re.sub(r"\(\?P<(\w+)>([^()]*)\)", _regex_value, route)
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: PLACEHOLDERS.get(m.group(1) or "str", "x"), route)
    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\.", ".").replace("\\/", "/")
    return "/" + route


def all_urls(exclude_namespaces=("admin",)):
    """(namespace, url, pattern) for every pattern outside the excluded namespaces, regex routes included."""
    for namespace, route, pattern in _walk(get_resolver().url_patterns):
        if namespace in exclude_namespaces:
            continue
        yield namespace, _fill(route), pattern
