"""The Argos engine: installed Argos packages run directly through CTranslate2 and SentencePiece.

``argostranslate.translate`` is never imported (it pulls in stanza and torch). Each
package's CTranslate2 model and SentencePiece model are loaded once per process and shared by
every :class:`ArgosTranslator`; all sentences of a batch go to CTranslate2 in one call per
model, and a pair without a direct model is translated through English.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from newsl10n.errors import LanguageError, ModelError, TranslationError
from newsl10n.i18n import _
from newsl10n.tokens import MARK_EXACT
from newsl10n.translation.fake import FakeTranslator
from newsl10n.translation.models import InstalledModel, Route, find_route, list_installed, models_dir
from newsl10n.translation.protocol import PairInfo, Translator
from newsl10n.translation.quality import find_repetition

__all__ = ["ArgosTranslator", "EngineOptions", "clear_model_cache", "open_translator", "thread_layout"]

log = logging.getLogger(__name__)

MarkupMode = Literal["align", "carry"]
"""How inline-markup placeholders cross the model (:attr:`EngineOptions.markup`)."""

MARKUP_MODES: tuple[MarkupMode, ...] = ("align", "carry")
"""The values :attr:`EngineOptions.markup` accepts."""


@dataclass(frozen=True)
class EngineOptions:
    """Decoding and runtime options of the Argos engine.

    Attributes:
        beam_size: Beam width (1 is greedy decoding).
        threads: CPU threads per model, all cores of this process when 0; see
            :func:`thread_layout` for how they are spread.
        device: ``"cpu"``, ``"cuda"`` or ``"auto"``.
        compute_type: CTranslate2 compute type; ``"int8"`` on CPU by default.
        max_batch_size: Sentences per CTranslate2 sub-batch.
        length_ratio: Output tokens allowed per source token (plus ``length_margin``); longer
            output is cut, so a model that never ends a sentence cannot run away.
        length_margin: Extra output tokens allowed whatever the source length.
        no_repeat_ngram_size: Forbid repeating n-grams of this size (0 disables).
        retry_repetition: Re-decode segments that loop, with repetition penalties.
        max_positions: The models' number of positions (1024 for Argos packages). A source
            whose output could need more is cut at word starts into parts decoded on their
            own and joined with a space (logged), instead of failing the whole batch.
        markup: How a sentence's inline-markup placeholders (``<g1>``...``</g1>``,
            ``<x2/>``) cross the model. ``"align"``: the sentence is translated without
            them and they are projected back through the model's attention
            (:mod:`newsl10n.translation.tagalign`), so they cost no decoding steps and
            follow words the model moves; ``"carry"``: they are sent to the model, which
            copies them (repaired by :func:`newsl10n.markup.restore` above the engine).
            Sentences without placeholders decode the same in both modes; glossary repair
            re-decodes (forced prefixes) and sources long enough to be cut into parts
            always carry them.

    Values are checked when the options are made: a wrong type raises ``TypeError``, a value
    out of range (``beam_size=0``, ``threads=-1``, ``device="gpu"``...) ``ValueError``. These
    are programming errors of a library caller: the command line checks its options' ranges
    and choices first (exit status 2), so it never makes such options.
    """

    beam_size: int = 2
    threads: int = 0
    device: str = "cpu"
    compute_type: str = "int8"
    max_batch_size: int = 32
    length_ratio: float = 2.5
    length_margin: int = 10
    no_repeat_ngram_size: int = 0
    retry_repetition: bool = True
    max_positions: int = 1024
    markup: MarkupMode = "align"

    def __post_init__(self) -> None:
        values = asdict(self)
        minimum = {
            "beam_size": 1,
            "threads": 0,
            "max_batch_size": 1,
            "length_margin": 0,
            "no_repeat_ngram_size": 0,
            "max_positions": 16,
        }
        for name, least in minimum.items():
            value = values[name]
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"EngineOptions.{name} must be an int, not {type(value).__name__}")
            if value < least:
                raise ValueError(f"EngineOptions.{name} must be at least {least}, not {value}")
        ratio = self.length_ratio
        if isinstance(ratio, bool) or not isinstance(ratio, (int, float)):
            raise TypeError(f"EngineOptions.length_ratio must be a number, not {type(ratio).__name__}")
        if not 0 < ratio <= 100:
            raise ValueError(f"EngineOptions.length_ratio must be above 0 and at most 100, not {ratio}")
        if not isinstance(self.retry_repetition, bool):
            kind = type(self.retry_repetition).__name__
            raise TypeError(f"EngineOptions.retry_repetition must be a bool, not {kind}")
        for name in ("device", "compute_type", "markup"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(
                    f"EngineOptions.{name} must be a str, not {type(getattr(self, name)).__name__}"
                )
        if self.device not in DEVICES:
            raise ValueError(f"EngineOptions.device must be one of {', '.join(DEVICES)}, not {self.device!r}")
        if not self.compute_type.strip():
            raise ValueError("EngineOptions.compute_type must not be empty")
        if self.markup not in MARKUP_MODES:
            modes = ", ".join(MARKUP_MODES)
            raise ValueError(f"EngineOptions.markup must be one of {modes}, not {self.markup!r}")


DEVICES = ("cpu", "cuda", "auto")
"""The devices :class:`EngineOptions` accepts."""

MAX_REPLICAS = 4
"""At most this many CTranslate2 workers (``inter_threads``) decode sub-batches in parallel."""


def thread_layout(threads: int, device: str) -> tuple[int, int]:
    """Split ``threads`` into CTranslate2's ``(inter_threads, intra_threads)``.

    On the CPU, parallel workers of one thread each beat one worker of many threads: a news
    batch is many short sentences, and small matrix products do not pay for OpenMP's
    synchronisation (``bench/RESULTS.md``: on 2 cores, 2x1 decodes 60 sentences 1.5x faster
    than 1x2 and a single sentence 2.5x faster). Past :data:`MAX_REPLICAS` workers the extra
    threads go inside each worker. A GPU takes one worker.

    More threads than this process's cores only add contention (and past a few thousand the
    OpenMP runtime cannot create them: ``--threads 100000`` failed after 22 s), so
    ``threads`` is bounded by the core count, with a warning in the log.

    Args:
        threads: Total threads; ``0`` means every core this process may use.
        device: ``"cpu"`` or ``"cuda"``; resolve ``"auto"`` first (the engine does).
    """
    cores = _cores()
    if threads > cores:
        log.warning(
            "%d threads asked for, but this process may use %d cores: using %d", threads, cores, cores
        )
        threads = cores
    if device == "cuda":
        return 1, threads
    total = threads or cores
    inter = min(total, MAX_REPLICAS)
    return inter, max(1, total // inter)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@dataclass
class _LoadedModel:
    translator: Any
    tokenizer: Any
    prefix: list[str]
    workers: int = 1


_cache: dict[tuple[str, str, str, int], _LoadedModel] = {}
_cache_lock = threading.Lock()


def clear_model_cache() -> None:
    """Unload every model loaded by this process."""
    with _cache_lock:
        _cache.clear()


def _load(model: InstalledModel, options: EngineOptions) -> _LoadedModel:
    key = (str(model.path), options.device, options.compute_type, options.threads)
    with _cache_lock:
        if key not in _cache:
            import ctranslate2
            import sentencepiece

            device = options.device
            if device == "auto":
                device = "cuda" if ctranslate2.get_cuda_device_count() else "cpu"
            inter, intra = thread_layout(options.threads, device)
            log.info("loading %s (%d worker(s) x %d thread(s))", model.id, inter, intra)
            try:
                translator = ctranslate2.Translator(
                    str(model.path / "model"),
                    device=device,
                    compute_type=options.compute_type,
                    inter_threads=inter,
                    intra_threads=intra,
                )
                tokenizer = sentencepiece.SentencePieceProcessor(
                    model_file=str(model.path / "sentencepiece.model")
                )
            except (RuntimeError, ValueError, OSError) as exc:
                raise TranslationError(
                    model.from_code, model.to_code, f"cannot load model {model.id}: {exc}"
                ) from None
            prefix = [model.target_prefix] if model.target_prefix else []
            _cache[key] = _LoadedModel(translator, tokenizer, prefix, inter)
        return _cache[key]


class ArgosTranslator:
    """A :class:`~newsl10n.translation.protocol.Translator` over installed Argos packages.

    Args:
        folder: The models folder (see :func:`newsl10n.translation.models.models_dir`).
        options: Decoding options.
        pivot: The language used when no direct model exists.
    """

    def __init__(
        self, folder: str | Path | None = None, options: EngineOptions | None = None, pivot: str = "en"
    ) -> None:
        if options is not None and not isinstance(options, EngineOptions):
            raise TypeError(f"options must be an EngineOptions or None, not {type(options).__name__}")
        if not isinstance(pivot, str):
            raise TypeError(f"pivot must be a str language code, not {type(pivot).__name__}")
        self.folder = models_dir(folder)
        self.options = options or EngineOptions()
        self.pivot = pivot
        self._installed: list[InstalledModel] | None = None

    def installed(self) -> list[InstalledModel]:
        """The installed packages, read once per translator."""
        if self._installed is None:
            self._installed = list_installed(self.folder)
        return self._installed

    def route(self, src: str, tgt: str) -> Route:
        """The models used for ``src -> tgt``.

        Raises:
            LanguageError: ``tgt`` is ``src``: there is nothing to translate, and no model to
                install would change that.
            ModelNotInstalledError: Neither a direct model nor a pivot route is installed.
        """
        _check_distinct(src, tgt)
        return find_route(src, tgt, self.installed(), self.pivot, self.folder)

    def describe(self, src: str, tgt: str) -> PairInfo:
        """Engine, route and model ids for ``src -> tgt``.

        The options are the ones that change the output, the markup mode included, so
        the memory (:func:`newsl10n.translation.memory.model_id`) never serves a
        translation made one way to a request made another way.
        """
        route = self.route(src, tgt)
        langs = (route[0].from_code, *tuple(m.to_code for m in route))
        o = self.options
        options = (
            f"beam={o.beam_size},{o.compute_type},ratio={o.length_ratio}+{o.length_margin},"
            f"norepeat={o.no_repeat_ngram_size},retry={int(o.retry_repetition)},markup={o.markup}"
        )
        return PairInfo(engine="argos", route=langs, models=tuple(m.id for m in route), options=options)

    def translate_batch(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        """Translate ``sentences``: one CTranslate2 call per model on the route."""
        return self.translate_with_prefix(sentences, None, src, tgt)

    def translate_with_prefix(
        self, sentences: Sequence[str], prefixes: Sequence[str] | None, src: str, tgt: str
    ) -> list[str]:
        """Translate, forcing each output to start with ``prefixes[i]`` (``""`` for none).

        The prefix applies to the last model of the route, so a pivot still works. A
        sentence with a prefix is a glossary repair: it is decoded once, within
        :func:`repair_decoding_limit` steps (prefix included), never more than its first
        pass may take; it comes back ``""`` when it is not re-decoded (no room after the
        prefix, a source cut into parts, a continuation that runs to the limit or loops).

        Returns:
            One output per sentence.

        Raises:
            LanguageError: ``tgt`` is ``src``.
            ModelNotInstalledError: The pair has no installed route.
            ValueError: ``prefixes`` is not one per sentence.
        """
        _check_distinct(src, tgt)
        texts = list(sentences)
        if prefixes is not None and len(prefixes) != len(texts):
            raise ValueError(f"{len(prefixes)} prefixes for {len(texts)} sentences")
        if not texts:
            return []
        route = self.route(src, tgt)
        for hop, model in enumerate(route):
            last = hop == len(route) - 1
            texts = self._run(model, texts, prefixes if last else None)
        return texts

    def _run(self, model: InstalledModel, texts: list[str], prefixes: Sequence[str] | None) -> list[str]:
        loaded = _load(model, self.options)
        prefixes = prefixes if prefixes is not None and any(prefixes) else None
        aligned = [
            i
            for i, text in enumerate(texts)
            if self.options.markup == "align" and not (prefixes and prefixes[i]) and MARK_EXACT.search(text)
        ]
        if prefixes is None and not aligned:
            return self._first_pass(loaded, model, texts)
        outputs = [""] * len(texts)
        for i, text in zip(aligned, self._aligned_pass(loaded, model, [texts[i] for i in aligned])):
            outputs[i] = text
        done = set(aligned)
        plain = [i for i in range(len(texts)) if i not in done and not (prefixes and prefixes[i])]
        for i, text in zip(plain, self._first_pass(loaded, model, [texts[i] for i in plain])):
            outputs[i] = text
        if prefixes is None:
            return outputs
        forced = [i for i, prefix in enumerate(prefixes) if prefix]
        repaired = self._repair(loaded, model, [texts[i] for i in forced], [prefixes[i] for i in forced])
        for i, text in zip(forced, repaired):
            outputs[i] = text
        return outputs

    def _first_pass(self, loaded: _LoadedModel, model: InstalledModel, texts: list[str]) -> list[str]:
        """Decode ``texts`` (no forced prefix), cutting over-long ones, retrying loops."""
        if not texts:
            return []
        sources = loaded.tokenizer.encode(texts, out_type=str)
        todo = [i for i, tokens in enumerate(sources) if tokens]
        outputs = [""] * len(texts)
        if not todo:
            return outputs
        limit = source_token_limit(self.options, len(loaded.prefix))
        owners: list[int] = []
        parts: list[list[str]] = []
        for i in todo:
            for part in cut_tokens(sources[i], limit):
                owners.append(i)
                parts.append(part)
        part_targets = [list(loaded.prefix) for _ in parts]
        long = sum(1 for i in todo if len(sources[i]) > limit)
        if long:
            log.warning("%s: %d sentence(s) longer than %d tokens decoded in parts", model.id, long, limit)
        decoded = self._decode(loaded, parts, part_targets, self.options, model)
        retry = [
            k for k, text in enumerate(decoded) if self.options.retry_repetition and find_repetition(text)
        ]
        if retry:
            log.info("%s: re-decoding %d looping segment(s)", model.id, len(retry))
            stricter = replace(self.options, no_repeat_ngram_size=3)
            again = self._decode(
                loaded, [parts[k] for k in retry], [part_targets[k] for k in retry], stricter, model
            )
            for k, text in zip(retry, again):
                decoded[k] = text
        joined: dict[int, list[str]] = {}
        for i, text in zip(owners, decoded):
            joined.setdefault(i, []).append(text)
        for i, pieces in joined.items():
            outputs[i] = " ".join(piece for piece in pieces if piece)
        return outputs

    def _decode(
        self,
        loaded: _LoadedModel,
        sources: list[list[str]],
        targets: list[list[str]],
        options: EngineOptions,
        model: InstalledModel,
    ) -> list[str]:
        decoded = self._hypotheses(loaded, sources, targets, options, model)
        return [loaded.tokenizer.decode(tokens).strip() for tokens, _ in decoded]

    def _hypotheses(
        self,
        loaded: _LoadedModel,
        sources: list[list[str]],
        targets: list[list[str]],
        options: EngineOptions,
        model: InstalledModel,
        attention: bool = False,
    ) -> list[tuple[list[str], list[list[float]]]]:
        """The best hypothesis of each source, without the package's prefix and within the
        length bound, with its attention rows (one per token) when ``attention``."""
        decoding = _decoding_length(options, max(map(len, sources)), max(map(len, targets)))
        batch = sub_batch_size(len(sources), loaded.workers, options.max_batch_size)
        try:
            results = loaded.translator.translate_batch(
                sources,
                target_prefix=targets if any(targets) else None,
                beam_size=options.beam_size,
                max_batch_size=batch,
                max_decoding_length=decoding,
                no_repeat_ngram_size=options.no_repeat_ngram_size,
                repetition_penalty=1.2 if options.no_repeat_ngram_size else 1.0,
                return_scores=False,
                return_attention=attention,
            )
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(model.from_code, model.to_code, str(exc)) from None
        found: list[tuple[list[str], list[list[float]]]] = []
        stopped: dict[tuple[int, int], list[int]] = {}
        for k, (source, target, result) in enumerate(zip(sources, targets, results)):
            tokens = result.hypotheses[0]
            rows = result.attention[0] if attention else []
            skip = (
                len(loaded.prefix) if loaded.prefix and tokens[: len(loaded.prefix)] == loaded.prefix else 0
            )
            bound = int(options.length_ratio * len(source)) + options.length_margin
            bound += len(target) - len(loaded.prefix)
            alone = _decoding_length(options, len(source), len(target))
            if options.beam_size > 1 and alone < decoding and len(tokens) >= alone:
                stopped.setdefault((len(source), len(target)), []).append(k)
            found.append((tokens[skip:][:bound], rows[skip:][:bound]))
        # A hypothesis that reached its own bound was searched further than the sentence
        # alone would be (the batch's bound is its longest source's): under beam search
        # another beam may win. Decode those again with their own bound, so that a
        # sentence's translation never depends on the others in its batch. (Greedy
        # decoding chooses each token alone: its first tokens do not depend on the bound.)
        for group in stopped.values():
            again = self._hypotheses(
                loaded, [sources[k] for k in group], [targets[k] for k in group], options, model, attention
            )
            for k, hypothesis in zip(group, again):
                found[k] = hypothesis
        return found

    def _aligned_pass(self, loaded: _LoadedModel, model: InstalledModel, texts: list[str]) -> list[str]:
        """Decode ``texts`` (with placeholders) without their placeholders, with attention,
        and project the placeholders back (:mod:`newsl10n.translation.tagalign`).

        A text whose plain source must be cut into parts goes through :meth:`_first_pass`
        with its placeholders (carried); looping outputs are re-decoded as there.
        """
        # Here, not at the top: newsl10n.markup (HTML and Markdown parsers) stays unloaded
        # until a sentence has markup.
        from newsl10n.translation.tagalign import encode_spans, project, projected, strip_marks

        stripped = [strip_marks(text) for text in texts]
        encoded = encode_spans(loaded.tokenizer, [s.plain for s in stripped])
        limit = source_token_limit(self.options, len(loaded.prefix))
        outputs = [project(s, [], "", [], []) for s in stripped]
        carried = [i for i, (pieces, _) in enumerate(encoded) if len(pieces) > limit]
        for i, text in zip(carried, self._first_pass(loaded, model, [texts[i] for i in carried])):
            outputs[i] = text
        todo = [i for i, (pieces, _) in enumerate(encoded) if 0 < len(pieces) <= limit]
        if not todo:
            return outputs
        sources = [encoded[i][0] for i in todo]
        targets = [list(loaded.prefix) for _ in todo]
        decoded = self._hypotheses(loaded, sources, targets, self.options, model, attention=True)
        sp = loaded.tokenizer
        retry = [
            k
            for k, (tokens, _) in enumerate(decoded)
            if self.options.retry_repetition and find_repetition(sp.decode(tokens))
        ]
        if retry:
            log.info("%s: re-decoding %d looping segment(s)", model.id, len(retry))
            stricter = replace(self.options, no_repeat_ngram_size=3)
            again = self._hypotheses(
                loaded, [sources[k] for k in retry], [targets[k] for k in retry], stricter, model, True
            )
            for k, hypothesis in zip(retry, again):
                decoded[k] = hypothesis
        for i, (tokens, rows) in zip(todo, decoded):
            outputs[i] = projected(sp, stripped[i], encoded[i], tokens, rows)
        return outputs

    def _repair(
        self, loaded: _LoadedModel, model: InstalledModel, texts: list[str], prefixes: list[str]
    ) -> list[str]:
        """Re-decode ``texts`` after forced ``prefixes``, each within its own repair limit.

        A sentence is decoded once (no retry), with at most :func:`repair_decoding_limit`
        steps, forced prefix included (:data:`REPAIR_BEAM_SIZE` for its beam); sentences of equal
        limits share one CTranslate2 call, and the calls run at once on the model's workers.
        ``""`` is returned for a sentence that is not re-decoded: its source must be cut into
        parts, its prefix leaves fewer than :data:`REPAIR_MIN_CONTINUATION` steps, or the
        continuation did not end within the limit, or it loops (with ``retry_repetition``).
        """
        sp = loaded.tokenizer
        sources = sp.encode(texts, out_type=str)
        targets = [loaded.prefix + sp.encode(p, out_type=str) for p in prefixes]
        whole = source_token_limit(self.options, len(loaded.prefix))
        groups: dict[int, list[int]] = {}
        for i, (source, target) in enumerate(zip(sources, targets)):
            limit = repair_decoding_limit(self.options, len(source), len(loaded.prefix))
            if source and len(source) <= whole and len(target) + REPAIR_MIN_CONTINUATION <= limit:
                groups.setdefault(limit, []).append(i)
        skipped = len(texts) - sum(map(len, groups.values()))
        if skipped:
            log.info(
                "%s: %d sentence(s) not re-decoded (no room after the prefix, or cut into parts)",
                model.id,
                skipped,
            )
        outputs = [""] * len(texts)
        pending: list[tuple[int, Any]] = []
        try:
            for limit, group in sorted(groups.items()):
                batch = [sources[i] for i in group]
                results = loaded.translator.translate_batch(
                    batch,
                    target_prefix=[targets[i] for i in group],
                    beam_size=REPAIR_BEAM_SIZE or self.options.beam_size,
                    max_batch_size=sub_batch_size(len(batch), loaded.workers, self.options.max_batch_size),
                    max_decoding_length=limit,
                    no_repeat_ngram_size=self.options.no_repeat_ngram_size,
                    repetition_penalty=1.2 if self.options.no_repeat_ngram_size else 1.0,
                    return_scores=False,
                    return_end_token=True,
                    asynchronous=True,
                )
                pending.extend(zip(group, results))
            hypotheses = [(i, result.result().hypotheses[0]) for i, result in pending]
        except (RuntimeError, ValueError) as exc:
            raise TranslationError(model.from_code, model.to_code, str(exc)) from None
        for i, tokens in hypotheses:
            outputs[i] = self._continued(loaded, tokens, len(targets[i]))
        dropped = len(hypotheses) - sum(1 for i, _ in hypotheses if outputs[i])
        if dropped:
            log.debug("%s: %d re-decode(s) ran to their limit or loop: dropped", model.id, dropped)
        return outputs

    def _continued(self, loaded: _LoadedModel, tokens: list[str], forced: int) -> str:
        """The text of a repair hypothesis, or ``""`` if it ran to its limit or loops."""
        if not tokens or tokens[-1] != EOS:
            return ""
        continuation = str(loaded.tokenizer.decode(tokens[forced:-1]))
        if self.options.retry_repetition and find_repetition(continuation):
            return ""
        return str(loaded.tokenizer.decode(tokens[len(loaded.prefix) : -1])).strip()


REPAIR_SHARE = 0.75
"""A repair re-decode of a sentence may take at most this share of the decoding steps the
first pass may take for that sentence (``length_ratio`` x its source tokens +
``length_margin``), forced prefix included: CTranslate2 forces a target prefix one decoder
step per token, as dear as a decoded token. So the repair pass costs less than the first
pass, and the glossary less than doubles the time of a run, even when every sentence is
re-decoded to its limit (``bench/repair_cost.py``: 1.35-1.61x in CPU time; 2.02x at 1.0,
retry of looping segments off). With the default ratio 2.5 that still leaves 1.9 output
tokens per source token, and a repair that needs more is not used (the draft with the
inserted terms is kept), never cut."""

REPAIR_BEAM_SIZE: int | None = None
"""The beam of repair re-decodes; ``None``: the engine's ``beam_size``. Greedy repairs were
measured (``bench/repair_cost.py --repair-beam 1``): when every sentence is re-decoded to its
limit they spent 0.51 of the first pass's CPU time against 0.61 with beam 2 (the run 1.51x
against 1.61x): :data:`REPAIR_SHARE` is what bounds the cost, so repairs keep the quality of
the first pass's beam."""

REPAIR_MIN_CONTINUATION = 2
"""Decoding steps a repair needs after its prefix (a token and the end of the sentence); a
prefix that leaves fewer is not re-decoded."""

EOS = "</s>"
"""The end-of-sentence token of Argos (OpenNMT-py) models."""


def _decoding_length(options: EngineOptions, source: int, target: int) -> int:
    """The ``max_decoding_length`` of a first pass whose longest source has ``source`` tokens
    and longest forced target prefix ``target``: the bound, within ``max_positions``."""
    return min(int(options.length_ratio * source) + options.length_margin + target, options.max_positions)


def repair_decoding_limit(options: EngineOptions, source: int, model_prefix: int = 0) -> int:
    """The ``max_decoding_length`` of a repair re-decode of one sentence of ``source`` tokens.

    Args:
        options: The engine's options.
        source: The sentence's source length in tokens.
        model_prefix: Tokens of the package's own target prefix (0 or 1).

    Returns:
        :data:`REPAIR_SHARE` of the sentence's first-pass budget, within ``max_positions``.
    """
    budget = int(options.length_ratio * source) + options.length_margin + model_prefix
    return min(int(REPAIR_SHARE * budget), options.max_positions)


def source_token_limit(options: EngineOptions, prefix: int = 0) -> int:
    """The longest source (in tokens) whose output, ``length_ratio`` times as long plus
    ``length_margin`` and the forced ``prefix``, fits in ``max_positions`` (1024: 405)."""
    room = options.max_positions - options.length_margin - prefix - 1
    return max(1, min(options.max_positions - 2, int(room / max(options.length_ratio, 1.0))))


def cut_tokens(tokens: list[str], limit: int) -> list[list[str]]:
    """``tokens`` in parts of at most ``limit``, each cut before a word start (``▁``) in the
    second half of its window when there is one."""
    parts: list[list[str]] = []
    rest = tokens
    while len(rest) > limit:
        starts = [k for k in range(limit // 2 + 1, limit + 1) if rest[k].startswith("\u2581")]
        cut = starts[-1] if starts else limit
        parts.append(rest[:cut])
        rest = rest[cut:]
    parts.append(rest)
    return parts


def _check_distinct(src: str, tgt: str) -> None:
    if src == tgt:
        raise LanguageError(tgt, _("the target language {code!r} is the source language").format(code=tgt))


def sub_batch_size(sentences: int, workers: int, largest: int) -> int:
    """Sentences per CTranslate2 sub-batch: enough sub-batches to keep every worker busy."""
    return max(1, min(largest, math.ceil(sentences / workers)))


ENGINES = ("argos", "fake")
"""The engine names :func:`open_translator` knows."""


def open_translator(
    engine: str = "argos", folder: str | Path | None = None, options: EngineOptions | None = None
) -> Translator:
    """The translator named ``engine``: ``"argos"`` (installed models) or ``"fake"``.

    Raises:
        ModelError: ``engine`` is not one of :data:`ENGINES`.
    """
    if engine == "argos":
        return ArgosTranslator(folder, options)
    if engine == "fake":
        return FakeTranslator()
    raise ModelError(
        _("unknown translation engine {name!r}; choose one of: {choices}").format(
            name=engine, choices=", ".join(ENGINES)
        )
    )
