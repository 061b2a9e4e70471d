"""``glimmers server``: the same pages for many people, each signed in to their own account.

The local app (``glimmers serve``) stays the default and needs none of this.
"""
