"""Insights over the person's own data: gathering the inputs for the pure
engine (``glimmers.core.analysis.insights``), caching what it computed, and the
person's own notes for the clinician report."""
