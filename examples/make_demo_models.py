"""Build small demonstration Argos packages, so the quickstart runs with no download.

No pretrained model can be fetched on an offline machine. This script builds real
CTranslate2 + SentencePiece packages with the test kit (``tests/modelkit.py``): "echo" models
whose hand-set weights copy their input, for en->ru, en->ky, ru->en and ky->en. They run
through the real engine (install, load, batched decoding, pivoting) but do not translate:
the output equals the input. Install real models with ``newsl10n models install en ru``.

Usage::

    python examples/make_demo_models.py demo-models
    newsl10n models install demo-models/*.argosmodel --models-dir demo-models/installed
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import modelkit

PAIRS = [("en", "ru"), ("en", "ky"), ("ru", "en"), ("ky", "en")]


def main(out_dir: str = "demo-models") -> None:
    """Write one echo ``.argosmodel`` per pair of :data:`PAIRS` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for src, tgt in PAIRS:
        path = modelkit.make_argos_package(out / "_build", src, tgt, kind="echo")
        target = out / f"demo-{src}_{tgt}.argosmodel"
        target.write_bytes(path.read_bytes())
        sys.stdout.write(f"{target}\n")


if __name__ == "__main__":
    main(*sys.argv[1:2])
