"""Disclosure to named recipients: evidence numbers, the register of what left for whom, graduated lifting."""
