from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    PDF = "pdf", _("PDF generated")
    IMPORT = "import", _("Imported")
    MERGE = "merge", _("Merged")
    ANONYMISE = "anonymise", _("Anonymised")
