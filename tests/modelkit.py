"""Tiny CTranslate2 translation models and Argos packages built from scratch.

No pretrained model can be downloaded in tests, so this kit makes its own:

* a SentencePiece vocabulary trained on ``tests/data/spm_corpus.txt``
  (English, Russian, Kyrgyz and a little Kazakh news text);
* an *echo* Transformer whose hand-set weights make greedy or beam decoding
  reproduce the source tokens exactly and then stop, so a translation through
  it returns its input unchanged;
* a *random* Transformer with seeded random weights, of any size (tests use
  tiny ones, the benchmark uses Transformer-base), optionally unable to emit
  the end-of-sentence token so every output runs to the length limit;
* Argos Translate ``.argosmodel`` zips wrapping either model.

The module is plain (no pytest imports) so ``bench/`` scripts can import it
after putting ``tests/`` on ``sys.path``. Heavy libraries are imported inside
functions.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from ctranslate2.specs import TransformerSpec

CORPUS = Path(__file__).resolve().parent / "data" / "spm_corpus.txt"
"""Fixture text the SentencePiece vocabularies are trained on."""

SPM_FILENAME = "sentencepiece.model"
UNK_ID, BOS_ID, EOS_ID = 0, 1, 2
"""SentencePiece ids of ``<unk>``, ``<s>`` and ``</s>`` (no padding piece)."""

LAYER_NORM_EPSILON = 1e-6
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "ky": "Kyrgyz", "kk": "Kazakh"}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_ATTENTION_SHARPNESS = 30.0
"""Logit gap between the right and the next-best choice inside the echo model."""


# --------------------------------------------------------------------------- files


@contextlib.contextmanager
def _atomic_target(path: Path) -> Iterator[Path]:
    """Yields a sibling temporary path that is renamed onto ``path`` on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


# --------------------------------------------------------------------------- vocabulary


def train_sentencepiece(
    corpus: Path, out_dir: Path, vocab_size: int = 1000, seed: int = 0, *, extra_symbols: int = 0
) -> Path:
    """Trains a deterministic unigram SentencePiece model.

    Ids are ``<unk>``=0, ``<s>``=1, ``</s>``=2 and there is no padding piece, which is
    what CTranslate2 expects (its config names these three tokens; padding is internal).
    Normalisation is ``identity`` and ``byte_fallback`` is on, so
    ``decode(encode(s)) == s`` for any text without leading, trailing or repeated
    spaces, whatever its script. The 256 byte pieces count towards ``vocab_size``,
    hence the default of 1000 (the fixture corpus supports up to about 2000). The
    model bytes depend only on the corpus text and the arguments, not on paths.

    Args:
        corpus: UTF-8 text file, one sentence per line.
        out_dir: Folder that receives ``sentencepiece.model`` (created if missing).
        vocab_size: Number of pieces learnt from the corpus, including meta and byte pieces.
        seed: Seed of SentencePiece's random generator.
        extra_symbols: Filler pieces ``⟦00000⟧``, ``⟦00001⟧``… appended as user-defined
            symbols, to reach a realistic vocabulary size (e.g. 32k) for benchmarks.
            They never occur in real text but decode to themselves.

    Returns:
        Path of the trained ``sentencepiece.model``.
    """
    import sentencepiece

    out_dir.mkdir(parents=True, exist_ok=True)
    fillers = [f"⟦{i:05d}⟧" for i in range(extra_symbols)]
    lines = corpus.read_text(encoding="utf-8").splitlines()
    model = io.BytesIO()
    sentencepiece.set_random_generator_seed(seed)
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size + extra_symbols,
        character_coverage=1.0,
        byte_fallback=True,
        normalization_rule_name="identity",
        unk_id=UNK_ID,
        bos_id=BOS_ID,
        eos_id=EOS_ID,
        pad_id=-1,
        user_defined_symbols=fillers,
        num_threads=1,
        minloglevel=2,
    )
    target = out_dir / SPM_FILENAME
    with _atomic_target(target) as temporary:
        temporary.write_bytes(model.getvalue())
    return target


def spm_vocabulary(spm_model: Path) -> list[str]:
    """Returns the pieces of a SentencePiece model in id order (a CTranslate2 vocabulary).

    Args:
        spm_model: Path of a ``.model`` file.

    Returns:
        One string per id.
    """
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(spm_model))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


# --------------------------------------------------------------------------- spec helpers


def _set_linear(linear: Any, weight: np.ndarray, bias: np.ndarray | None = None) -> None:
    """Fills a ``LinearSpec`` with a float32 ``[out, in]`` weight and optional bias."""
    import numpy as np

    linear.weight = np.ascontiguousarray(weight, dtype=np.float32)
    if bias is not None:
        linear.bias = np.ascontiguousarray(bias, dtype=np.float32)


def _set_layer_norm(norm: Any, gamma: np.ndarray, beta: np.ndarray) -> None:
    """Fills a ``LayerNormSpec``."""
    import numpy as np

    norm.gamma = np.asarray(gamma, dtype=np.float32)
    norm.beta = np.asarray(beta, dtype=np.float32)


def _new_transformer(layers: int | tuple[int, int], heads: int, **config: Any) -> TransformerSpec:
    """Creates a pre-norm ReLU Transformer spec (the OpenNMT-py layout Argos uses)."""
    from ctranslate2.specs import TransformerSpec

    spec = TransformerSpec.from_config(layers, heads, pre_norm=True)
    spec.config.layer_norm_epsilon = LAYER_NORM_EPSILON
    for key, value in config.items():
        setattr(spec.config, key, value)
    return spec


def _save(spec: TransformerSpec, vocabulary: list[str], out_dir: Path, quantization: str | None) -> Path:
    """Registers the shared vocabulary, validates, optimises and writes the model folder."""
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
    return out_dir


# --------------------------------------------------------------------------- random model


def _fill_random_layer(layer: Any, d_model: int, ffn: int, rng: np.random.Generator) -> None:
    """Gives one encoder or decoder layer seeded random weights (variance-preserving)."""
    import numpy as np

    def dense(rows: int, cols: int) -> np.ndarray:
        return rng.standard_normal((rows, cols), dtype=np.float32) / np.float32(math.sqrt(cols))

    ones, zeros = np.ones(d_model), np.zeros(d_model)
    attentions = [layer.self_attention]
    if hasattr(layer, "attention"):  # decoder layers also attend to the encoder
        attentions.append(layer.attention)
    for attention in attentions:
        _set_layer_norm(attention.layer_norm, ones, zeros)
        for linear, rows in zip(attention.linear, _attention_rows(len(attention.linear), d_model)):
            _set_linear(linear, dense(rows, d_model), np.zeros(rows))
    _set_layer_norm(layer.ffn.layer_norm, ones, zeros)
    _set_linear(layer.ffn.linear_0, dense(ffn, d_model), np.zeros(ffn))
    _set_linear(layer.ffn.linear_1, dense(d_model, ffn), np.zeros(d_model))


def _attention_rows(count: int, d_model: int) -> list[int]:
    """Output sizes of attention linears: fused QKV + out, or Q + fused KV + out."""
    return [3 * d_model, d_model] if count == 2 else [d_model, 2 * d_model, d_model]


def build_random_model(
    spm_model: Path,
    out_dir: Path,
    *,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 2,
    ffn: int = 128,
    seed: int = 0,
    suppress_eos: bool = False,
    quantization: str | None = None,
) -> Path:
    """Builds a Transformer with seeded random weights and the SentencePiece vocabulary.

    Its output is gibberish made of real vocabulary pieces. Embeddings are scaled by
    sqrt(d_model) and positions are sinusoidal, as in OpenNMT-py models.

    Args:
        spm_model: SentencePiece model whose pieces form the shared vocabulary.
        out_dir: CTranslate2 model folder to write.
        layers: Number of encoder layers and of decoder layers.
        d_model: Hidden size; must be divisible by ``heads``.
        heads: Attention heads.
        ffn: Inner size of the feed-forward blocks.
        seed: Seed of the weights; equal seeds give equal models.
        suppress_eos: Give ``</s>`` a logit bias of -1e4, so decoding never stops before
            ``max_decoding_length`` (worst-case cost for benchmarks).
        quantization: CTranslate2 weight type such as ``"int8"``; ``None`` keeps float32.

    Returns:
        ``out_dir``.
    """
    import numpy as np

    vocabulary = spm_vocabulary(spm_model)
    rng = np.random.default_rng(seed)
    spec = _new_transformer(layers, heads)
    shape, scale = (len(vocabulary), d_model), np.float32(1 / math.sqrt(d_model))
    for embeddings in (spec.encoder.embeddings[0], spec.decoder.embeddings):
        embeddings.weight = rng.standard_normal(shape, dtype=np.float32) * scale
    for stack in (spec.encoder, spec.decoder):
        _set_layer_norm(stack.layer_norm, np.ones(d_model), np.zeros(d_model))
        for layer in stack.layer:
            _fill_random_layer(layer, d_model, ffn, rng)
    bias = np.zeros(len(vocabulary))
    if suppress_eos:
        bias[EOS_ID] = -1e4
    weight = rng.standard_normal(shape, dtype=np.float32) * scale
    _set_linear(spec.decoder.projection, weight, bias)
    return _save(spec, vocabulary, out_dir, quantization)


# --------------------------------------------------------------------------- echo model


def _digit_codes(count: int, base: int, offset: int, width: int) -> np.ndarray:
    """Codes 0..count-1 as two one-hot base-``base`` digits placed at ``offset``.

    Two codes share both ones only when equal, so the dot product of codes is 2 for
    equal numbers and at most 1 otherwise, and every code has exactly two ones.
    """
    import numpy as np

    codes = np.zeros((count, width), dtype=np.float32)
    numbers = np.arange(count)
    codes[numbers, offset + numbers // base] = 1.0
    codes[numbers, offset + base + numbers % base] = 1.0
    return codes


def _identity_layer_norm(norm: Any, ones: int, width: int) -> None:
    """Sets a layer norm to the identity on vectors made of exactly ``ones`` ones.

    Such vectors all have mean ``m = ones/width`` and variance ``m - m**2``, so the
    normalisation is one fixed affine map; gamma and beta undo it.
    """
    import numpy as np

    mean = ones / width
    sigma = math.sqrt(mean - mean * mean + LAYER_NORM_EPSILON)
    _set_layer_norm(norm, np.full(width, sigma), np.full(width, mean))


def _silence_layer(layer: Any, width: int) -> None:
    """Zeroes the self-attention and feed-forward outputs so residuals pass unchanged."""
    import numpy as np

    _set_layer_norm(layer.self_attention.layer_norm, np.ones(width), np.zeros(width))
    _set_linear(layer.self_attention.linear[0], np.zeros((3 * width, width)))
    _set_linear(layer.self_attention.linear[1], np.zeros((width, width)))
    _set_layer_norm(layer.ffn.layer_norm, np.ones(width), np.zeros(width))
    _set_linear(layer.ffn.linear_0, np.zeros((8, width)))
    _set_linear(layer.ffn.linear_1, np.zeros((width, 8)))


def _copy_attention(attention: Any, positions: slice, tokens: slice, width: int) -> None:
    """Cross-attention from decoder position t to encoder position t, copying its token.

    Queries and keys are the position codes (the query scaled so that, after
    CTranslate2's 1/sqrt(head_dim) factor, matching positions win by
    ``_ATTENTION_SHARPNESS`` logits); values are the token codes, written into the
    residual stream's token block.
    """
    import numpy as np

    _identity_layer_norm(attention.layer_norm, 2, width)  # decoder stream: position code only
    query = np.zeros((width, width))
    query[positions, positions] = np.eye(positions.stop - positions.start)
    query *= _ATTENTION_SHARPNESS * math.sqrt(width)
    key_value = np.zeros((2 * width, width))
    key_value[positions, positions] = np.eye(positions.stop - positions.start)
    key_value[width + tokens.start : width + tokens.stop, tokens] = np.eye(tokens.stop - tokens.start)
    _set_linear(attention.linear[0], query)
    _set_linear(attention.linear[1], key_value)
    _set_linear(attention.linear[2], np.eye(width))


def build_echo_model(spm_model: Path, out_dir: Path, *, max_positions: int = 1024) -> Path:
    """Builds a one-layer Transformer whose decoding reproduces the source tokens.

    Construction (single head, pre-norm; the residual stream has a position block and
    a token block, each holding a two-ones code from :func:`_digit_codes`):

    * encoder: token embedding = token code, learned position encoding = position
      code; self-attention and FFN outputs are zero; the final layer norm is set to
      the identity (see :func:`_identity_layer_norm`), so memory[j] = pos(j) + tok(j);
    * decoder: token embeddings are zero, so the stream at step t is pos(t); the
      cross-attention picks memory position t and adds tok(source[t]); the output
      projection scores each vocabulary entry by its match with the token block.

    ``add_source_eos`` is on, so the source ends with ``</s>`` and the step after the
    last source token emits it. Embedding scaling by sqrt(d_model) is turned off.
    CTranslate2 raises once decoding needs a position past ``max_positions``: sources
    (with their ``</s>``) must fit in ``max_positions``, and with a
    ``max_decoding_length`` above ``max_positions`` it already does so for sources
    of about ``max_positions / 2`` pieces (its decoder looks ahead).

    Args:
        spm_model: SentencePiece model whose pieces form the shared vocabulary.
        out_dir: CTranslate2 model folder to write.
        max_positions: Number of learned positions (1024 matches CTranslate2's
            default ``max_input_length``).

    Returns:
        ``out_dir``.
    """
    import numpy as np

    vocabulary = spm_vocabulary(spm_model)
    position_base = math.isqrt(max_positions - 1) + 1
    token_base = math.isqrt(len(vocabulary) - 1) + 1
    width = 2 * position_base + 2 * token_base
    positions, tokens = slice(0, 2 * position_base), slice(2 * position_base, width)
    position_codes = _digit_codes(max_positions, position_base, positions.start, width)
    token_codes = _digit_codes(len(vocabulary), token_base, tokens.start, width)

    spec = _new_transformer(1, 1, add_source_eos=True)
    for stack in (spec.encoder, spec.decoder):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = position_codes
        _identity_layer_norm(stack.layer_norm, 4, width)  # position code + token code
        _silence_layer(stack.layer[0], width)
    spec.encoder.embeddings[0].weight = token_codes
    spec.decoder.embeddings.weight = np.zeros_like(token_codes)
    _copy_attention(spec.decoder.layer[0].attention, positions, tokens, width)
    _set_linear(spec.decoder.projection, token_codes * _ATTENTION_SHARPNESS)
    return _save(spec, vocabulary, out_dir, None)


# --------------------------------------------------------------------------- Argos packages


def argos_package_name(from_code: str, to_code: str, package_version: str = "1.0") -> str:
    """Returns Argos's folder name for a package, e.g. ``translate-en_ru-1_0``."""
    return f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"


def _metadata(from_code: str, to_code: str, package_version: str, target_prefix: str) -> dict:
    """Builds the ``metadata.json`` content of a translate package."""
    metadata = {
        "package_version": package_version,
        "argos_version": "1.11",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    return metadata


def _zip_bytes(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Adds one deflated member with a fixed timestamp, so archives are reproducible."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def package_argos_model(
    model_dir: Path,
    spm_model: Path,
    out_file: Path,
    from_code: str,
    to_code: str,
    *,
    package_version: str = "1.0",
    target_prefix: str = "",
    name: str | None = None,
) -> Path:
    """Writes an Argos Translate ``.argosmodel`` zip around a CTranslate2 model.

    Layout: one top-level folder holding ``metadata.json``, ``model/`` (the files of
    ``model_dir``), ``sentencepiece.model`` and ``README.md``; no sentence-boundary
    (stanza/minisbd) model. The file is written atomically and is byte-reproducible.

    Args:
        model_dir: CTranslate2 model folder (model.bin, config.json, vocabulary).
        spm_model: SentencePiece model shipped as ``sentencepiece.model``.
        out_file: Destination ``.argosmodel`` path (parent folders are created).
        from_code: Source language code.
        to_code: Target language code.
        package_version: Version recorded in metadata and in the default folder name.
        target_prefix: Token the decoder must start with; omitted from metadata if empty.
        name: Top-level folder name; defaults to :func:`argos_package_name`.

    Returns:
        ``out_file``.
    """
    top = name or argos_package_name(from_code, to_code, package_version)
    metadata = _metadata(from_code, to_code, package_version, target_prefix)
    readme = (
        f"# Test model {from_code} → {to_code}\n\nBuilt by tests/modelkit.py; it does not really translate.\n"
    )
    with _atomic_target(out_file) as temporary, zipfile.ZipFile(temporary, "w") as archive:
        _zip_bytes(
            archive,
            f"{top}/metadata.json",
            json.dumps(metadata, indent=2, ensure_ascii=False).encode("utf-8"),
        )
        _zip_bytes(archive, f"{top}/README.md", readme.encode("utf-8"))
        _zip_bytes(archive, f"{top}/{SPM_FILENAME}", spm_model.read_bytes())
        for path in sorted(p for p in model_dir.iterdir() if p.is_file()):
            _zip_bytes(archive, f"{top}/model/{path.name}", path.read_bytes())
    return out_file


def shared_spm_model(work_dir: Path) -> Path:
    """Returns ``work_dir``'s SentencePiece model, training it on :data:`CORPUS` once."""
    model = work_dir / "spm" / SPM_FILENAME
    return model if model.is_file() else train_sentencepiece(CORPUS, model.parent)


def make_argos_package(
    work_dir: Path,
    from_code: str,
    to_code: str,
    kind: str = "echo",
    *,
    package_version: str = "1.0",
    target_prefix: str = "",
    **model_options: Any,
) -> Path:
    """Builds (or returns the cached) ``.argosmodel`` for one language pair.

    All packages of a ``work_dir`` share one SentencePiece model. Packages are cached
    by pair, kind, version, prefix and model options, so repeated calls are free.

    Args:
        work_dir: Folder for the vocabulary, model folders and package files.
        from_code: Source language code.
        to_code: Target language code.
        kind: ``"echo"`` (:func:`build_echo_model`) or ``"random"`` (:func:`build_random_model`).
        package_version: Argos package version.
        target_prefix: Argos target prefix token.
        **model_options: Keyword options of the model builder.

    Returns:
        Path of the ``.argosmodel`` file.

    Raises:
        ValueError: If ``kind`` is unknown.
    """
    builders = {"echo": build_echo_model, "random": build_random_model}
    if kind not in builders:
        raise ValueError(f"unknown model kind {kind!r}; expected one of {sorted(builders)}")
    options = "".join(f"-{key}={value}" for key, value in sorted(model_options.items()))
    stem = f"{argos_package_name(from_code, to_code, package_version)}-{kind}{options}"
    stem += f"-prefix={target_prefix}" if target_prefix else ""
    out_file = work_dir / f"{stem}.argosmodel"
    if out_file.is_file():
        return out_file
    spm_model = shared_spm_model(work_dir)
    model_dir = work_dir / "models" / stem
    if model_dir.exists():
        shutil.rmtree(model_dir)
    builders[kind](spm_model, model_dir, **model_options)
    return package_argos_model(
        model_dir,
        spm_model,
        out_file,
        from_code,
        to_code,
        package_version=package_version,
        target_prefix=target_prefix,
    )
