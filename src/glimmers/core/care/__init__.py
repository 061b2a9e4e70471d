"""Questionnaires and their scores, the first words on a worrying answer, triage, the numbness profile, screening change, medicine events."""
