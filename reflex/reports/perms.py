"""Who may do what with reports. Every rule takes the user first and answers True or False.

Which archived reports a user sees is `GeneratedReport.objects.visible_to(user)`.
"""


def can_generate_funder_report(user):
    """Funder progress reports are the coordinator's to write, narrative included."""
    return user.is_authenticated and user.is_coordinator


def can_publish(user):
    """Only a coordinator publishes a funder report to the funder accounts (or withdraws it)."""
    return user.is_authenticated and user.is_coordinator


def can_generate_outreach_report(user):
    """Coordinators and professionals bring the outreach report to partner meetings."""
    return user.is_authenticated and user.is_field_staff


def can_see_indicators(user):
    """Live indicators (unpublished figures) are for field staff; funders read published reports only."""
    return user.is_authenticated and user.is_field_staff


def can_produce_youth_report(user, youth):
    """Only someone allowed to see the young person may produce (or download) their progress report."""
    if not (user.is_authenticated and user.is_field_staff) or youth is None:
        return False
    from youths.perms import can_view_youth

    return can_view_youth(user, youth)


def can_restart(user, report):
    """A failed report may be generated again by whoever may generate a report of its kind (and, for a youth report,
    still sees the young person)."""
    from .enums import ReportKind

    if report.kind == ReportKind.FUNDER:
        return can_generate_funder_report(user)
    if report.kind == ReportKind.OUTREACH:
        return can_generate_outreach_report(user)
    return can_produce_youth_report(user, report.youth)
