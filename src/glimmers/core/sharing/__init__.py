"""Sharing on the server with consent: what may be shared, the trail of who saw it, and both as FHIR."""
