"""Start LibreTranslate offline for bench/serve.py, with LibreTranslate's own virtualenv.

Run as ``bench/_work/serve/lt-venv/bin/python bench/serve_lt_launch.py [libretranslate options]``
(bench/serve.py does). Each request of the benchmark is one sentence, so Argos's sentence
splitter returns the text whole (argos-translate-lt's MiniSBD would download an ONNX model on
first use), and decoding is capped at newsl10n's limit (Argos leaves CTranslate2's 256).
With ``NEWSL10N_BENCH_LENGTH_PENALTY`` set, CTranslate2's ``length_penalty`` is that value
instead of Argos's 0.2 (newsl10n decodes with CTranslate2's default, 1.0).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import ctranslate2
from argostranslate import sbd


def one_sentence(self: Any, text: str) -> list[str]:
    """The whole text as one sentence."""
    return [text]


class CappedTranslator(ctranslate2.Translator):  # type: ignore[misc]
    """A CTranslate2 translator that decodes at most 2.5 x the longest source + 10 tokens."""

    def translate_batch(self, source: list[list[str]], *args: Any, **kwargs: Any) -> Any:
        """CTranslate2's, with newsl10n's ``max_decoding_length`` unless one is given."""
        kwargs.setdefault("max_decoding_length", int(2.5 * max(map(len, source))) + 10)
        penalty = os.environ.get("NEWSL10N_BENCH_LENGTH_PENALTY")
        if penalty:
            kwargs["length_penalty"] = float(penalty)
        return super().translate_batch(source, *args, **kwargs)


if __name__ == "__main__":
    sbd.MiniSBDSentencizer.split_sentences = one_sentence
    ctranslate2.Translator = CappedTranslator
    from libretranslate.main import main

    sys.exit(main())
