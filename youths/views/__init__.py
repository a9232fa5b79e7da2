"""Pages of the young people's records. Access rules are in youths/perms.py; each view states the one it applies."""

from .imports import cancel as import_cancel
from .imports import confirm as import_confirm
from .imports import detail as import_detail
from .imports import preview as import_preview
from .imports import template as import_template
from .imports import upload as import_upload
from .merge import merge
from .records import create, detail, edit, export, list_youths, search

__all__ = [
    "create",
    "detail",
    "edit",
    "export",
    "import_cancel",
    "import_confirm",
    "import_detail",
    "import_preview",
    "import_template",
    "import_upload",
    "list_youths",
    "merge",
    "search",
]
