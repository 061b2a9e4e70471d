"""People who help: sharing by consent, a daily check-in together, and the trail of every look (server only)."""
