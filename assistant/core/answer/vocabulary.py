"""The word lists the matcher works with (:class:`Vocabulary`): the built-in ones from
``resources/answer/synonyms.json``, and a pack's ``synonyms`` section added to them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from assistant.core.text import fold

#: The version of the normalising code: stored documents made by another are stale
#: (see :meth:`Vocabulary.fingerprint`).
METHOD = 2
#: The pack section that extends the word lists.
SYNONYMS_SECTION = "synonyms"
#: Joins the concepts a composite entry stands for (修改+地址).
COMPOSITE = "+"


class Vocabulary(NamedTuple):
    """The word lists the matcher works with (see ``resources/answer/synonyms.json``)."""

    concepts: dict[str, tuple[str, ...]]
    typos: dict[str, str]
    greetings: tuple[str, ...]
    particles: str
    weak: str
    #: Words dropped before matching: place names (寄到广东 asks what 寄到 asks).
    ignore: tuple[str, ...] = ()
    #: Concepts that decide which reply fits: a message naming one (西藏, 私下转账)
    #: is poorly answered by a phrase that never mentions it (see ``index.DECISIVE``).
    decisive: tuple[str, ...] = ()

    def fingerprint(self) -> str:
        """Changes whenever a word list or the way text is normalised (:data:`METHOD`)
        changes: the stored documents are then stale."""
        import hashlib

        text = json.dumps([METHOD, self], ensure_ascii=False, sort_keys=True)
        return hashlib.sha1(text.encode()).hexdigest()[:16]


def builtin_vocabulary() -> Vocabulary:
    return _builtin()


@lru_cache(maxsize=1)
def _builtin() -> Vocabulary:
    from assistant.resources import _root

    path = _root() / "answer" / "synonyms.json"
    return vocabulary_from_data(json.loads(path.read_text(encoding="utf-8")), str(path))


def vocabulary_from_data(data: Any, source: str) -> Vocabulary:
    from assistant.errors import KnownError

    if not isinstance(data, dict):
        raise KnownError(f"{source}：同义词应当是对象。")
    concepts = _concepts(data.get("concepts", {}), source)
    typos = data.get("typos", {})
    if not isinstance(typos, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in typos.items()
    ):
        raise KnownError(f'{source}：typos 应当是 {{"错字": "正字"}} 的对象。')
    greetings = data.get("greetings", [])
    if not isinstance(greetings, list) or not all(isinstance(g, str) for g in greetings):
        raise KnownError(f"{source}：greetings 应当是文字列表。")
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(g, str) for g in ignore):
        raise KnownError(f"{source}：ignore 应当是文字列表。")
    decisive = data.get("decisive", [])
    if not isinstance(decisive, list) or not all(d in concepts for d in decisive):
        raise KnownError(f"{source}：decisive 应当是 concepts 里的概念名列表。")
    return Vocabulary(
        concepts,
        {fold(k): fold(v) for k, v in typos.items() if k},
        tuple(fold(g) for g in greetings if g),
        str(data.get("particles", "")),
        str(data.get("weak", "")),
        tuple(dict.fromkeys(fold(w.strip()) for w in ignore if w.strip())),
        tuple(decisive),
    )


def _concepts(raw: Any, source: str) -> dict[str, tuple[str, ...]]:
    from assistant.errors import KnownError

    if not isinstance(raw, dict):
        raise KnownError(f'{source}：concepts 应当是 {{"概念": ["说法", …]}} 的对象。')
    out: dict[str, tuple[str, ...]] = {}
    for name, words in raw.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise KnownError(f"{source}：concepts.{name} 应当是文字列表。")
        out[name] = tuple(dict.fromkeys(fold(w.strip()) for w in words if w.strip()))
    return out


def extend_vocabulary(base: Vocabulary, section: Any, source: str) -> Vocabulary:
    """``base`` with a pack's ``synonyms`` section added: new words join a concept
    (or make a new one), new typos are corrected."""
    if not section:
        return base
    extra = vocabulary_from_data(section, f"{source}：{SYNONYMS_SECTION}")
    concepts = dict(base.concepts)
    for name, words in extra.concepts.items():
        concepts[name] = tuple(dict.fromkeys((*concepts.get(name, ()), *words)))
    return base._replace(
        concepts=concepts,
        typos={**base.typos, **extra.typos},
        ignore=tuple(dict.fromkeys((*base.ignore, *extra.ignore))),
    )


def pack_vocabulary(sections: Iterable[Mapping[str, Any]]) -> Vocabulary:
    """The built-in word lists extended by the ``synonyms`` section of each pack."""
    vocabulary = builtin_vocabulary()
    for i, section in enumerate(sections):
        vocabulary = extend_vocabulary(vocabulary, section, f"话术包 {i + 1}")
    return vocabulary
