"""Gettext catalogs (PO/MO) for a publishing system's interface.

``pofile`` (the strict PO reader), ``catalogs`` (init, load, save), ``merge`` (update
from a template), ``compile`` (checks and MO files), ``placeholders`` and
``pretranslate`` (machine pre-translation).
"""
