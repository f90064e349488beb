"""Typed models of the profile (the one source of truth every document is derived from)."""

from kzpolicy_gen.models.profile import CustomEntry, LongText, Period, Profile, Text, entry_id

__all__ = ["CustomEntry", "LongText", "Period", "Profile", "Text", "entry_id"]
