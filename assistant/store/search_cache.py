"""The search index as it is kept on disk (tables search_cache, search_texts and
search_facets): read in one go at start-up, written again whenever phrases change, and
which phrases search leaves out (shipped packs a shop's own copy replaces, shipped
phrases whose code a shop pack also has).

:meth:`Store.index_data <assistant.store.repository.Store.index_data>` is the way in;
the writing runs inside the transaction of the save that changed the phrases."""

from __future__ import annotations

import functools
import itertools
import json
import sqlite3
import sys
from array import array
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from assistant.core import search
from assistant.store.db import storage_errors

if TYPE_CHECKING:
    from assistant.store.repository import Store

#: A pack just saved: (its id, the number of phrases before it, its rows in memory as
#: (id, s_code, s_short, s_han, s_body, s_body_ascii, facet_names)).
Fresh = tuple[int, int, list[tuple[Any, ...]]]


def read_index(store: Store, lazy: bool = False) -> search.IndexData:
    """Everything the search index needs, in display order, without pypinyin.

    Read in one go from the cache written when phrases were saved; rebuilt from
    the phrases when the cache is missing (a database from an older version) or
    was written on a machine of the other byte order.

    ``lazy``: each kind of text is read when a search first needs it (a one-off
    search from the command line, whose codes often answer it alone), while this
    store stays open. The window reads everything at once, off its GUI thread.
    """
    with storage_errors(store.path):
        row = store.conn.execute(
            "SELECT byteorder, ids, code_blob, code_starts, code_pos FROM search_cache"
        ).fetchone()
        if row is not None and row[0] == sys.byteorder:
            kinds = [k for (k,) in store.conn.execute("SELECT kind FROM search_texts")]
            texts: Mapping[str, tuple[str, array[int]]]
            if lazy:
                texts = _LazyTexts(store, kinds)
            else:
                texts = {
                    kind: (text, _array("i", starts))
                    for kind, text, starts in store.conn.execute(
                        "SELECT kind, text, starts FROM search_texts"
                    )
                }
            facets = {
                key: _array("i", blob)
                for key, blob in store.conn.execute("SELECT key, positions FROM search_facets")
            }
            if set(texts) == set(search.KINDS):
                return search.IndexData(
                    _array("q", row[1]),
                    texts,
                    row[2],
                    _array("i", row[3]),
                    _array("i", row[4]),
                    facets,
                )
    with store.write():
        return store._write_search_cache()


def read_text(store: Store, kind: str) -> tuple[str, array[int]]:
    """One kind of search text from the cache (for :class:`_LazyTexts`)."""
    with storage_errors(store.path):
        text, starts = store.conn.execute(
            "SELECT text, starts FROM search_texts WHERE kind = ?", [kind]
        ).fetchone()
    return text, _array("i", starts)


def write_index(conn: sqlite3.Connection, fresh: Fresh | None = None) -> search.IndexData:
    """Assemble the index (:func:`assemble_index`) and store it in place of the old one;
    the caller holds the write transaction."""
    data = assemble_index(conn, fresh)
    for table in ("search_cache", "search_texts", "search_facets"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute(
        """INSERT INTO search_cache (id, byteorder, ids, code_blob, code_starts, code_pos)
           VALUES (1, ?, ?, ?, ?, ?)""",
        [
            sys.byteorder,
            data.ids.tobytes(),
            data.code_blob,
            data.code_starts.tobytes(),
            data.code_pos.tobytes(),
        ],
    )
    conn.executemany(
        "INSERT INTO search_texts (kind, text, starts) VALUES (?, ?, ?)",
        [(kind, text, starts.tobytes()) for kind, (text, starts) in data.texts.items()],
    )
    conn.executemany(
        "INSERT INTO search_facets (key, positions) VALUES (?, ?)",
        [(key, positions.tobytes()) for key, positions in data.facets.items()],
    )
    return data


def assemble_index(conn: sqlite3.Connection, fresh: Fresh | None = None) -> search.IndexData:
    """The index from the phrases' stored keys, in display order.

    ``fresh`` is (pack id, phrases before it, its rows) for a pack just saved: its
    rows are taken as they are in memory and only the other packs' are read back,
    which halves the cost of an import's index.
    """
    columns = "id, s_code, s_short, s_han, s_body, s_body_ascii, facet_names"
    hidden = superseded(conn)
    not_hidden = f"pack_id NOT IN ({','.join('?' * len(hidden))})"
    if fresh is None:
        rows = conn.execute(
            f"SELECT {columns} FROM phrases WHERE {not_hidden} ORDER BY rank", hidden
        ).fetchall()
    else:
        pack_id, before, entries = fresh
        if pack_id in hidden:
            entries = []
        others = conn.execute(
            f"""SELECT {columns}, rank < ? FROM phrases WHERE pack_id != ? AND {not_hidden}
                ORDER BY rank""",
            [before, pack_id, *hidden],
        ).fetchall()
        split = sum(r[-1] for r in others)  # the phrases of the packs before this one
        rows = others[:split] + entries + others[split:]
    hidden_phrases = shadowed(conn, hidden)
    if hidden_phrases:
        rows = [r for r in rows if r[0] not in hidden_phrases]
    ids = array("q", [r[0] for r in rows])
    texts = {}
    for kind, column in zip(search.KINDS, (2, 3, 4, 5), strict=True):
        parts = [r[column] for r in rows]
        starts = array("i", itertools.accumulate(map(len, parts), initial=0))
        texts[kind] = ("".join(parts), starts)
    codes = sorted((r[1], pos) for pos, r in enumerate(rows) if r[1])
    code_blob, code_starts = search.join_records([search.FIELD + c for c, _ in codes])
    code_pos = array("i", [pos for _, pos in codes])
    facet_keys = dict(conn.execute("SELECT name, key FROM facets").fetchall())
    facets: dict[str, array[int]] = {}
    for pos, r in enumerate(rows):
        for name in _facet_list(r[6]):
            key = facet_keys.get(name) or search.FIELD + name
            positions = facets.get(key)
            if positions is None:
                facets[key] = array("i", [pos])
            elif positions[-1] != pos:  # two names of one phrase with the same key
                positions.append(pos)
    return search.IndexData(ids, texts, code_blob, code_starts, code_pos, facets)


def superseded(conn: sqlite3.Connection) -> list[int]:
    """Shipped packs that a shop's own copy replaces (its ``based_on`` names their
    id): their phrases stay stored (program updates refresh them, their sections
    still serve the other panels) but are not searched, so a rep never gets the
    shipped wording of a phrase the shop has rewritten."""
    packs = conn.execute("SELECT id, uid, builtin, sections FROM packs").fetchall()
    based_on = {
        json.loads(sections).get("based_on")
        for _, _, _, sections in packs
        if sections and '"based_on"' in sections
    }
    return [pid for pid, uid, builtin, _ in packs if builtin and uid and uid in based_on]


def shadowed(conn: sqlite3.Connection, hidden: list[int]) -> set[int]:
    """Phrases of shipped packs whose code a shop's own pack also has: the shop's
    wording of 欢迎光临 (hy1) replaces the shipped one in search, however the shop
    pack came (Excel, a subscription, the editor)."""
    shipped = [
        r[0] for r in conn.execute("SELECT id FROM packs WHERE builtin") if r[0] not in hidden
    ]
    if not shipped:
        return set()
    # From the shipped packs' few hundred phrases, one index lookup each.
    return {
        r[0]
        for r in conn.execute(
            f"""SELECT f.id FROM phrases f
                WHERE f.pack_id IN ({",".join("?" * len(shipped))}) AND f.s_code != ''
                  AND EXISTS (
                      SELECT 1 FROM phrases g JOIN packs q ON q.id = g.pack_id
                      WHERE g.s_code = f.s_code AND NOT q.builtin)""",
            shipped,
        )
    }


@functools.lru_cache(maxsize=65536)
def _facet_list(names: str) -> tuple[str, ...]:
    """A phrase's stored facet_names JSON as a tuple (thousands of phrases share one)."""
    return tuple(json.loads(names))


def _array(typecode: str, blob: bytes) -> array[int]:
    out = array(typecode)
    out.frombytes(blob)
    return out


class _LazyTexts(Mapping[str, tuple[str, "array[int]"]]):
    """The search texts of an open store, each kind read on first use."""

    def __init__(self, store: Store, kinds: list[str]) -> None:
        self._store, self._kinds = store, kinds
        self._read: dict[str, tuple[str, array[int]]] = {}

    def __getitem__(self, kind: str) -> tuple[str, array[int]]:
        if kind not in self._read:
            if kind not in self._kinds:
                raise KeyError(kind)
            self._read[kind] = read_text(self._store, kind)
        return self._read[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)
