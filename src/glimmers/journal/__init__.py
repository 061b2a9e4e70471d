"""Persistence for the journal: Django models and the functions that use them."""
