"""The insights engine: honest findings about one person's numbness.

The methods and their gates are described in docs/INSIGHTS.md. Modules import numpy and
scipy.special only inside functions, so importing this package stays cheap for
pages and commands that never compute an insight.
"""
