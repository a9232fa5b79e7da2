"""Pages of the young people's records. Access rules are in youths/perms.py; each view states the one it applies."""

from .merge import merge
from .records import create, detail, edit, export, list_youths, search

__all__ = ["create", "detail", "edit", "export", "list_youths", "merge", "search"]
