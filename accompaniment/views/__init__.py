"""Accompaniment pages, split by family: the workspace and dashboard, a young person's pathway, collective actions."""
