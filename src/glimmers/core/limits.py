"""Sizes: the longest text each field of a journal entry takes.

The ranges of ratings and daily amounts are declared with what they
measure, in ``glimmers.core.journal.measures``.
"""

# Text sizes, in characters.
NOTE_MAX = 20_000
SELF_TALK_MAX = 2_000
GLIMMER_TEXT_MAX = 500
PRECEDED_BY_MAX = 200
DAY_NOTE_MAX = 2_000
TAG_NAME_MAX = 40
TAG_CATEGORY_MAX = 24
TAGS_PER_ENTRY_MAX = 30
