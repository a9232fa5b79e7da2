"""Outreach pages, split by family: planning and feeds, logging, places, online outreach, analytics."""
