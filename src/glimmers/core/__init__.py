"""The pure core: domain rules with no web framework and no database.

Everything here is plain Python. Persistence (the apps), the web
(``glimmers.web``) and the terminal (``glimmers.cli``) are built around it.

It is grouped by area, as the apps are: ``journal`` (entries, scales and
factors, tags, search), ``safety`` (reading words for risk, the response,
the safety plan), ``care`` (questionnaires, triage, medicines), ``toolkit``
(plan, activation, goals, exercises, experiments), ``analysis`` (insights
and the report) and ``transfer`` (export formats, backups, FHIR). What every
area uses sits here at the top: errors, translation, text, time, content
files, limits, references and the demo journal.
"""
