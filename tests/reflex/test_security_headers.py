"""HTTP headers: Content-Security-Policy with a nonce, no inline script, no-store on signed-in pages."""

import re

from django.urls import reverse


def csp(response):
    return dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))


def test_pages_carry_a_strict_csp_with_a_fresh_nonce(coordinator_client, programme):
    first, second = coordinator_client.get("/"), coordinator_client.get("/")
    policy = csp(first)
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert f'nonce="{nonce}"' in first.content.decode()
    assert csp(second)["script-src"] != policy["script-src"]


def test_the_login_page_has_the_policy_too(client, db):
    assert "default-src 'self'" in client.get(reverse("login")).headers["Content-Security-Policy"]


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, db):
    content = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in content
    assert '"allowEval": false' in content


def inline_code(content, nonce=None):
    """What the CSP would block: inline <script>/<style> without the nonce, on…= handlers, hx-on (needs eval)."""
    blocks = [
        tag
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", content)
        if "src=" not in tag and (nonce is None or f'nonce="{nonce}"' not in tag)
    ]
    handlers = re.findall(r"<[^>]+\s(?:on[a-z]+|hx-on[:-][\w:-]*)\s*=", content)
    return blocks + handlers


def page_nonce(response):
    match = re.search(r"'nonce-([^']+)'", response.headers.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def test_pages_hold_no_inline_script(client, coordinator_client, programme):
    pages = [client.get(reverse("login"))]
    pages += [coordinator_client.get(url) for url in ["/", "/consortium/programme/", reverse("audit:journal")]]
    for response in pages:
        assert inline_code(response.content.decode(), page_nonce(response)) == []


def test_signed_in_pages_are_never_stored(coordinator_client, programme):
    response = coordinator_client.get(reverse("audit:journal"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_frames_are_denied(client, db):
    assert client.get(reverse("login")).headers["X-Frame-Options"] == "DENY"


def test_no_page_of_any_app_holds_code_the_csp_would_block(coordinator_client, professional_client, programme):
    """Every parameter-less page, as coordinator and professional: inline code must carry the nonce."""
    from tests.url_walk import all_urls

    checked = 0
    for _, url, _ in all_urls():
        for client in (coordinator_client, professional_client):
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
                continue
            checked += 1
            assert inline_code(response.content.decode(), page_nonce(response)) == [], url
    assert checked > 20


def test_the_inline_code_detector_sees_what_the_csp_blocks():
    assert inline_code('<script src="/static/a.js"></script><script nonce="n1">x()</script>', "n1") == []
    assert inline_code('<script nonce="old">x()</script>', "n1") == ['<script nonce="old">']
    assert inline_code("<style>p{}</style>", "n1") == ["<style>"]
    assert len(inline_code('<a href="#" onclick="x()">', "n1")) == 1
    assert len(inline_code('<button hx-on:click="x()">', "n1")) == 1
