"""Aligned parallel versions of an article: ``align`` (segments, files) and ``tmx``."""
