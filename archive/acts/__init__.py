"""Coded violations ("who did what to whom"): acts linked to the passages that prove them, and statistics that
protect small numbers (issue 15)."""
