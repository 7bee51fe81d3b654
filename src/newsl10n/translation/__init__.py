"""Translation engines and what serves them.

``protocol`` (the :class:`Translator` seam and its optional capabilities), ``fake`` (a
deterministic engine for tests), ``argos`` (Argos packages run through CTranslate2),
``models`` (installed packages and routes), ``index`` (the online package index),
``quality`` (output checks) and ``memory`` (the translation memory).
"""
