"""The newsroom glossary: plain data and the steps that use it.

``model`` (terms and entries), ``io`` (PO files), ``matching`` (finding terms in a
source), ``morphology`` (Russian and Kyrgyz case forms), ``enforce`` (masking and placing
terms around a translator), ``repair`` (fixing terms in a target), ``accuracy``,
``extract``, ``edit`` and ``lint``.
"""
