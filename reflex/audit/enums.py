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
    # Second factor (no young person): each is also e-mailed to the account's owner.
    FACTOR_ENROLLED = "factor_enrolled", _("Second factor set up")
    BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
    BACKUP_CODES_RENEWED = "backup_codes_renewed", _("Backup codes renewed")
    ENROLMENT_LINK_SENT = "enrolment_link_sent", _("Second-factor enrolment link sent")
