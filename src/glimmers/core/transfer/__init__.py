"""Whole journals in and out: the bundle, the export formats, backups, FHIR, calendar files."""
