"""Posting a creating form like its page does: with the one-time token the page would carry (reflex/submissions).

A creating form posted without a token creates nothing (tests/submissions/test_double_posts.py); tests that mean to
create something say so with `with_token(data)`.
"""

from reflex.submissions import FIELD, new_token


def with_token(data=None, **more):
    """`data` (and `more`) with a fresh one-time token, as a page just opened would post them."""
    return {**(data or {}), **more, FIELD: str(new_token())}
