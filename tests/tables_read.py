"""Which tables a block of code reads: for the tests checking that cached figures only read tables whose writes
move the data version (reflex.reports.live.source_tables())."""

import re
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([a-z][a-z0-9_]*)"?', re.IGNORECASE)


@contextmanager
def tables_read():
    """`with tables_read() as read:` fills the set `read` with the database tables the block's queries name."""
    read = set()
    with CaptureQueriesContext(connection) as queries:
        yield read
    named = {name for query in queries.captured_queries for name in TABLE.findall(query["sql"])}
    read |= named & set(connection.introspection.table_names())  # not the aliases of subqueries
