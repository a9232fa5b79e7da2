"""Cross-app pages: the home page of each role."""

from django.shortcuts import redirect, render

from partners.models import Programme


def home(request):
    """Each role lands on its own home: funders go straight to their reports."""
    user = request.user
    if user.is_funder:
        return redirect("reports:index")
    context = {"programme": Programme.objects.current()}
    template = "reflex/home_coordinator.html" if user.is_coordinator else "reflex/home_professional.html"
    return render(request, template, context)
