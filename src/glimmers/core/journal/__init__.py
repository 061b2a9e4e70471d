"""What a person records: entries and their rules, the declared scales and factors, tags, search."""
