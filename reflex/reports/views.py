from django.shortcuts import render
from django.utils.translation import gettext as _

from partners.perms import can_read_reports, require


@require(can_read_reports)
def index(request):
    return render(request, "coming_soon.html", {"title": _("Reports")})
