"""The phrase store: packs, phrases, a rep's usage and settings, over SQLite."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import json
import sqlite3
import sys
import time
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sqlite_utils import Database


from assistant import config
from assistant.core import progress, search
from assistant.core.phrases import GROUP_SEPARATOR, Pack, PackSummary, Phrase
from assistant.errors import KnownError
from assistant.store.db import (
    backup_file,
    open_database,
    storage_errors,
    wrap,
    write_transaction,
)
from assistant.store.migrations import facet_names


class StoredPhrase(NamedTuple):
    """A phrase as the panel shows it."""

    id: int
    pack: str
    code: str
    title: str
    body: str
    tags: tuple[str, ...]
    group: str
    title_syllables: str
    placeholders: tuple[str, ...]  # the pack's declared extra placeholder names
    questions: tuple[str, ...] = ()  # 问法


class PreparedPack(NamedTuple):
    """A pack's rows and facet keys as :meth:`Store.save_pack` writes them."""

    pack: Pack
    rows: list[tuple[Any, ...]]
    facets: list[tuple[str, str]]
    #: (问法 joined by line breaks, the matcher's encoded documents) per phrase.
    documents: list[tuple[str, Any]]
    vocabulary: answer.Vocabulary


class Store:
    """Everything the program keeps, in one SQLite file in the data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = config.db_path(folder)
        self.backups = config.backup_dir(folder)
        self.conn: sqlite3.Connection = open_database(self.path, self.backups)
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """sqlite-utils over the connection, for writes; reads use :attr:`conn`."""
        if self._db is None:
            self._db = wrap(self.conn)
        return self._db

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> sqlite3.Cursor:
        """One statement on the connection; a write outside a transaction is committed
        at once (as sqlite-utils' execute does, without importing sqlite-utils: that
        costs ~60 ms, paid at start-up or on the rep's first paste otherwise)."""
        was_in_transaction = self.conn.in_transaction
        cursor = self.conn.execute(sql, tuple(parameters))
        if not was_in_transaction and self.conn.in_transaction:
            self.conn.commit()
        return cursor

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the write lock first (BEGIN IMMEDIATE), with
        SQLite's errors in words: every read-then-write of the store goes through here."""
        with storage_errors(self.path), write_transaction(self.conn):
            yield self.conn

    # ------------------------------------------------------------ packs

    def packs(self) -> list[PackSummary]:
        with storage_errors(self.path):
            rows = self.conn.execute(
                """SELECT p.name, p.uid, p.version, p.author, p.updated, p.builtin,
                          (SELECT count(*) FROM phrases f WHERE f.pack_id = p.id)
                   FROM packs p ORDER BY p.position, p.id"""
            ).fetchall()
        return [
            PackSummary(
                name=r[0],
                id=r[1],
                version=r[2],
                author=r[3],
                updated=r[4],
                builtin=bool(r[5]),
                phrases=r[6],
            )
            for r in rows
        ]

    def packs_stamp(self) -> tuple[Any, ...]:
        """Changes whenever any pack is saved, replaced or removed, by this program or
        another (the command line, a second window): cheap enough to poll."""
        with storage_errors(self.path):
            return tuple(
                self.conn.execute(
                    """SELECT (SELECT group_concat(id || ':' || version || ':' || imported_at)
                           FROM packs),
                          (SELECT max(id) FROM phrases), (SELECT count(*) FROM packs)"""
                ).fetchone()
            )

    def has_packs(self) -> bool:
        with storage_errors(self.path):
            return self.conn.execute("SELECT 1 FROM packs LIMIT 1").fetchone() is not None

    def prepare_pack(self, pack: Pack) -> PreparedPack:
        """The rows :meth:`save_pack` writes, with their search keys: computed before a
        write transaction is opened, so the write lock is not held meanwhile."""
        rows = []
        vocabulary = self._vocabulary(pack)
        analyzer = answer.analyzer_for(vocabulary)
        documents = []
        phrases = progress.counted(pack.phrases, "建立索引", len(pack.phrases))
        for position, phrase in enumerate(phrases):
            keys = search.build_keys(phrase.code, phrase.title, phrase.body)
            tags = "\n".join(phrase.tags)
            rows.append(
                (
                    position,
                    phrase.group_path,
                    phrase.code,
                    phrase.title,
                    phrase.body,
                    tags,
                    phrase.key,
                    *keys,
                    facet_names(phrase.group_path, tags),
                )
            )
            documents.append(
                (
                    "\n".join(phrase.questions),
                    answer.encode_documents(
                        answer.phrase_documents(
                            analyzer, phrase.questions, phrase.title, phrase.tags
                        )
                    ),
                )
            )
        names = {n for p in pack.phrases for n in (*p.group, *p.tags)}
        # Keys of every group and tag name, computed before the write lock is taken
        # (the few already stored are simply written again).
        facets = [(n, search.facet_key(n)) for n in sorted(names)]
        return PreparedPack(pack, rows, facets, documents, vocabulary)

    def save_pack(
        self,
        pack: Pack,
        builtin: bool = False,
        backup: bool = True,
        prepared: PreparedPack | None = None,
    ) -> int:
        """Store ``pack``, replacing a pack of the same name, all or nothing.

        Search keys are computed here (or by :meth:`prepare_pack`), before the
        transaction, so the index never has to be built at start-up. The rep's use
        counts are untouched. Returns the number of phrases stored.
        """
        if prepared is None or prepared.pack is not pack:
            prepared = self.prepare_pack(pack)
        rows, facets = prepared.rows, prepared.facets
        documents, vocabulary = prepared.documents, prepared.vocabulary
        progress.step("写入", 0)
        with storage_errors(self.path):
            if backup and self.has_packs():
                backup_file(self.conn, self.path, self.backups, "before-import")
            with self.write():
                existing = self.db.execute(
                    "SELECT id, position, builtin FROM packs WHERE name = ?", [pack.name]
                ).fetchone()
                old_count = 0
                if existing:
                    pack_id, position, was_builtin = existing
                    if was_builtin and not builtin:
                        # The shipped packs carry the buyer checklist, the closing
                        # templates and the calculator's sentences: an import under
                        # their name would quietly take those away.
                        raise KnownError(
                            f"“{pack.name}”是程序自带的话术包，不能用导入覆盖。",
                            "请用 --pack 换一个名称导入；编码相同的短语会在搜索里代替自带的那条。",
                        )
                    old_count = self.conn.execute(
                        "SELECT count(*) FROM phrases WHERE pack_id = ?", [pack_id]
                    ).fetchone()[0]
                    self.db.execute("DELETE FROM phrases WHERE pack_id = ?", [pack_id])
                else:
                    position = self.db.execute(
                        "SELECT coalesce(max(position), -1) + 1 FROM packs"
                    ).fetchone()[0]
                    pack_id = None
                values = {
                    "name": pack.name,
                    "uid": pack.id,
                    "version": pack.version,
                    "author": pack.author,
                    "updated": pack.updated,
                    "description": pack.description,
                    "placeholders": json.dumps(list(pack.placeholders), ensure_ascii=False),
                    "sections": json.dumps(pack.sections, ensure_ascii=False),
                    "builtin": int(builtin),
                    "position": position,
                    "imported_at": dt.datetime.now().isoformat(timespec="seconds"),
                }
                packs = self.db.table("packs")
                if pack_id is None:
                    pack_id = packs.insert(values).last_pk
                else:
                    packs.update(pack_id, values)
                self.db.conn.executemany(
                    "INSERT OR REPLACE INTO facets (name, key) VALUES (?, ?)", facets
                )
                # Display rank: the phrases of the packs before this one come first.
                # Packs after it shift when its size changed.
                before = self.conn.execute(
                    """SELECT count(*) FROM phrases f JOIN packs p ON p.id = f.pack_id
                       WHERE p.position < ? OR (p.position = ? AND p.id < ?)""",
                    [position, position, pack_id],
                ).fetchone()[0]
                # Ids are given here, not by SQLite, so the search cache below can be
                # built from these rows in memory instead of reading them back.
                first_id = self.conn.execute(
                    "SELECT coalesce(max(id), 0) + 1 FROM phrases"
                ).fetchone()[0]
                self.db.conn.executemany(
                    """INSERT INTO phrases (id, pack_id, position, grp, code, title, body, tags,
                       usage_key, s_code, s_short, s_han, s_body, s_body_ascii, s_syllables,
                       facet_names, rank)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [(first_id + row[0], pack_id, *row, before + row[0]) for row in rows],
                )
                self.db.conn.executemany(
                    "UPDATE phrases SET questions = ?, s_answer = ? WHERE id = ?",
                    [(q, d, first_id + i) for i, (q, d) in enumerate(documents)],
                )
                self.conn.execute(
                    """UPDATE phrases SET rank = rank + ? WHERE ? != 0 AND pack_id IN (
                           SELECT id FROM packs WHERE position > ? OR (position = ? AND id > ?))""",
                    [len(rows) - old_count, len(rows) - old_count, position, position, pack_id],
                )
                self._write_dates(first_id, pack)
                # (id, s_code, s_short, s_han, s_body, s_body_ascii, facet_names)
                fresh = [(first_id + r[0], *r[7:12], r[13]) for r in rows]
                self._write_search_cache((pack_id, before, fresh))
                self._write_answer_cache(vocabulary, fresh_pack=pack_id)
        return len(rows)

    def load_pack(self, name: str) -> Pack:
        with storage_errors(self.path):
            row = self.conn.execute(
                """SELECT id, name, uid, version, author, updated, description,
                          placeholders, sections FROM packs WHERE name = ?""",
                [name],
            ).fetchone()
            if row is None:
                names = "、".join(p.name for p in self.packs()) or "（无）"
                raise KnownError(f"没有名为“{name}”的话术包。已有：{names}")
            phrases = [
                Phrase(
                    code=r[0],
                    title=r[1],
                    body=r[2],
                    tags=tuple(t for t in r[3].split("\n") if t),
                    group=tuple(r[4].split(GROUP_SEPARATOR)),
                    questions=tuple(q for q in r[5].split("\n") if q),
                )
                for r in self.conn.execute(
                    """SELECT code, title, body, tags, grp, questions FROM phrases
                       WHERE pack_id = ? ORDER BY position""",
                    [row[0]],
                )
            ]
            phrases = self._with_dates(row[0], phrases)
        return Pack(
            name=row[1],
            id=row[2],
            version=row[3],
            author=row[4],
            updated=row[5],
            description=row[6],
            placeholders=tuple(json.loads(row[7])),
            sections=json.loads(row[8]),
            phrases=phrases,
        )

    def sections(self, key: str) -> list[Any]:
        """The values of one extra pack section (such as closing templates), pack order."""
        with storage_errors(self.path):
            rows = self.conn.execute("SELECT sections FROM packs ORDER BY position, id").fetchall()
        out = []
        for (text,) in rows:
            value = json.loads(text).get(key)
            if value is not None:
                out.append(value)
        return out

    # ------------------------------------------------------------ search

    def index_data(self, lazy: bool = False) -> search.IndexData:
        """Everything the search index needs, in display order, without pypinyin.

        Read in one go from the cache written when phrases were saved; rebuilt from
        the phrases when the cache is missing (a database from an older version) or
        was written on a machine of the other byte order.

        ``lazy``: each kind of text is read when a search first needs it (a one-off
        search from the command line, whose codes often answer it alone), while this
        store stays open. The window reads everything at once, off its GUI thread.
        """
        with storage_errors(self.path):
            row = self.conn.execute(
                "SELECT byteorder, ids, code_blob, code_starts, code_pos FROM search_cache"
            ).fetchone()
            if row is not None and row[0] == sys.byteorder:
                kinds = [k for (k,) in self.conn.execute("SELECT kind FROM search_texts")]
                texts: Mapping[str, tuple[str, array[int]]]
                if lazy:
                    texts = _LazyTexts(self, kinds)
                else:
                    texts = {
                        kind: (text, _array("i", starts))
                        for kind, text, starts in self.conn.execute(
                            "SELECT kind, text, starts FROM search_texts"
                        )
                    }
                facets = {
                    key: _array("i", blob)
                    for key, blob in self.conn.execute("SELECT key, positions FROM search_facets")
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
        with self.write():
            return self._write_search_cache()

    def _search_text(self, kind: str) -> tuple[str, array[int]]:
        with storage_errors(self.path):
            text, starts = self.conn.execute(
                "SELECT text, starts FROM search_texts WHERE kind = ?", [kind]
            ).fetchone()
        return text, _array("i", starts)

    def _write_search_cache(
        self, fresh: tuple[int, int, list[tuple[Any, ...]]] | None = None
    ) -> search.IndexData:
        data = self._assemble_index(fresh)
        for table in ("search_cache", "search_texts", "search_facets"):
            self.conn.execute(f"DELETE FROM {table}")
        self.conn.execute(
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
        self.conn.executemany(
            "INSERT INTO search_texts (kind, text, starts) VALUES (?, ?, ?)",
            [(kind, text, starts.tobytes()) for kind, (text, starts) in data.texts.items()],
        )
        self.conn.executemany(
            "INSERT INTO search_facets (key, positions) VALUES (?, ?)",
            [(key, positions.tobytes()) for key, positions in data.facets.items()],
        )
        return data

    def _assemble_index(
        self, fresh: tuple[int, int, list[tuple[Any, ...]]] | None = None
    ) -> search.IndexData:
        """The index from the phrases' stored keys, in display order.

        ``fresh`` is (pack id, phrases before it, its rows) for a pack just saved: its
        rows are taken as they are in memory and only the other packs' are read back,
        which halves the cost of an import's index.
        """
        columns = "id, s_code, s_short, s_han, s_body, s_body_ascii, facet_names"
        hidden = self._superseded()
        not_hidden = f"pack_id NOT IN ({','.join('?' * len(hidden))})"
        if fresh is None:
            rows = self.conn.execute(
                f"SELECT {columns} FROM phrases WHERE {not_hidden} ORDER BY rank", hidden
            ).fetchall()
        else:
            pack_id, before, entries = fresh
            if pack_id in hidden:
                entries = []
            others = self.conn.execute(
                f"""SELECT {columns}, rank < ? FROM phrases WHERE pack_id != ? AND {not_hidden}
                    ORDER BY rank""",
                [before, pack_id, *hidden],
            ).fetchall()
            split = sum(r[-1] for r in others)  # the phrases of the packs before this one
            rows = others[:split] + entries + others[split:]
        shadowed = self._shadowed(hidden)
        if shadowed:
            rows = [r for r in rows if r[0] not in shadowed]
        ids = array("q", [r[0] for r in rows])
        texts = {}
        for kind, column in zip(search.KINDS, (2, 3, 4, 5), strict=True):
            parts = [r[column] for r in rows]
            starts = array("i", itertools.accumulate(map(len, parts), initial=0))
            texts[kind] = ("".join(parts), starts)
        codes = sorted((r[1], pos) for pos, r in enumerate(rows) if r[1])
        code_blob, code_starts = search.join_records([search.FIELD + c for c, _ in codes])
        code_pos = array("i", [pos for _, pos in codes])
        facet_keys = dict(self.conn.execute("SELECT name, key FROM facets").fetchall())
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

    def _superseded(self) -> list[int]:
        """Shipped packs that a shop's own copy replaces (its ``based_on`` names their
        id): their phrases stay stored (program updates refresh them, their sections
        still serve the other panels) but are not searched, so a rep never gets the
        shipped wording of a phrase the shop has rewritten."""
        packs = self.conn.execute("SELECT id, uid, builtin, sections FROM packs").fetchall()
        based_on = {
            json.loads(sections).get("based_on")
            for _, _, _, sections in packs
            if sections and '"based_on"' in sections
        }
        return [pid for pid, uid, builtin, _ in packs if builtin and uid and uid in based_on]

    def _shadowed(self, hidden: list[int]) -> set[int]:
        """Phrases of shipped packs whose code a shop's own pack also has: the shop's
        wording of 欢迎光临 (hy1) replaces the shipped one in search, however the shop
        pack came (Excel, a subscription, the editor)."""
        shipped = [
            r[0]
            for r in self.conn.execute("SELECT id FROM packs WHERE builtin")
            if r[0] not in hidden
        ]
        if not shipped:
            return set()
        # From the shipped packs' few hundred phrases, one index lookup each.
        return {
            r[0]
            for r in self.conn.execute(
                f"""SELECT f.id FROM phrases f
                    WHERE f.pack_id IN ({",".join("?" * len(shipped))}) AND f.s_code != ''
                      AND EXISTS (
                          SELECT 1 FROM phrases g JOIN packs q ON q.id = g.pack_id
                          WHERE g.s_code = f.s_code AND NOT q.builtin)""",
                shipped,
            )
        }

    # ------------------------------------------------------------ answers (问法)

    def _vocabulary(self, saving: Pack | None = None) -> answer.Vocabulary:
        """The matcher's word lists: the built-in ones and every pack's ``synonyms``
        section (``saving``'s own in place of the stored pack of its name)."""
        with storage_errors(self.path):
            rows = self.conn.execute(
                "SELECT name, sections FROM packs ORDER BY position, id"
            ).fetchall()
        sections = []
        for name, text in rows:
            if saving is not None and name == saving.name:
                continue
            if answer.SYNONYMS_SECTION in text:
                section = json.loads(text).get(answer.SYNONYMS_SECTION)
                if section:
                    sections.append((name, section))
        if saving is not None and saving.sections.get(answer.SYNONYMS_SECTION):
            sections.append((saving.name, saving.sections[answer.SYNONYMS_SECTION]))
        vocabulary = answer.builtin_vocabulary()
        for name, section in sections:
            vocabulary = answer.extend_vocabulary(vocabulary, section, f"话术包“{name}”")
        return vocabulary

    def answer_index(self) -> answer.AnswerIndex:
        """The question matcher over the phrases searched (as :meth:`index_data`).

        Read from the cache written when phrases were saved; rebuilt when it is missing
        (a database from an older version) or the word lists changed."""
        vocabulary = self._vocabulary()
        analyzer = answer.analyzer_for(vocabulary)
        with storage_errors(self.path):
            row = self.conn.execute(
                "SELECT byteorder, vocabulary, data FROM answer_cache"
            ).fetchone()
        if row is not None and row[0] == sys.byteorder and row[1] == vocabulary.fingerprint():
            try:
                return answer.AnswerIndex.from_bytes(row[2], analyzer)
            except ValueError:
                pass
        with storage_errors(self.path), self.db.atomic():
            return self._write_answer_cache(vocabulary)

    def _write_answer_cache(
        self, vocabulary: answer.Vocabulary, fresh_pack: int | None = None
    ) -> answer.AnswerIndex:
        """Build and store the matcher's index. Phrases whose documents were made with
        other word lists (or none: an older database) are tokenised again, except the
        pack just saved (``fresh_pack``), whose documents are new."""
        fingerprint = vocabulary.fingerprint()
        analyzer = answer.analyzer_for(vocabulary)
        row = self.conn.execute("SELECT vocabulary FROM answer_cache").fetchone()
        if row is None or row[0] != fingerprint:
            stale = self.conn.execute(
                "SELECT id, questions, title, tags FROM phrases WHERE pack_id IS NOT ?",
                [fresh_pack],
            ).fetchall()
            self.conn.executemany(
                "UPDATE phrases SET s_answer = ? WHERE id = ?",
                [
                    (
                        answer.encode_documents(
                            answer.phrase_documents(
                                analyzer,
                                [q for q in qs.split("\n") if q],
                                title,
                                [t for t in tags.split("\n") if t],
                            )
                        ),
                        pid,
                    )
                    for pid, qs, title, tags in stale
                ],
            )
        hidden = self._superseded()
        rows = self.conn.execute(
            f"""SELECT id, s_answer FROM phrases
                WHERE pack_id NOT IN ({",".join("?" * len(hidden))}) AND s_answer != ''
                ORDER BY rank""",
            hidden,
        ).fetchall()
        shadowed = self._shadowed(hidden)
        index = answer.AnswerIndex.build(
            ((pid, answer.decode_documents(docs)) for pid, docs in rows if pid not in shadowed),
            analyzer,
        )
        self.conn.execute("DELETE FROM answer_cache")
        self.conn.execute(
            "INSERT INTO answer_cache (id, byteorder, vocabulary, data) VALUES (1, ?, ?, ?)",
            [sys.byteorder, fingerprint, index.to_bytes()],
        )
        return index

    def phrases(self, ids: Iterable[int]) -> dict[int, StoredPhrase]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with storage_errors(self.path):
            rows = self.conn.execute(
                f"""SELECT f.id, p.name, f.code, f.title, f.body, f.tags, f.grp,
                           f.s_syllables, p.placeholders, f.questions
                    FROM phrases f JOIN packs p ON p.id = f.pack_id WHERE f.id IN ({marks})""",
                ids,
            ).fetchall()
        return {
            r[0]: StoredPhrase(
                id=r[0],
                pack=r[1],
                code=r[2],
                title=r[3],
                body=r[4],
                tags=tuple(t for t in r[5].split("\n") if t),
                group=r[6],
                title_syllables=r[7],
                placeholders=tuple(json.loads(r[8])),
                questions=tuple(q for q in r[9].split("\n") if q),
            )
            for r in rows
        }

    # ------------------------------------------------------------ dated promotions

    def _write_dates(self, first_id: int, pack: Pack) -> None:
        """The dates of a pack's dated phrases (ids ``first_id`` + position); rows of
        phrases no longer stored are dropped."""
        # Ids from first_id on are this save's: a row there belongs to a phrase that
        # is gone (ids are reused after a pack is removed).
        self.db.execute(
            "DELETE FROM phrase_dates WHERE phrase_id >= ? "
            "OR phrase_id NOT IN (SELECT id FROM phrases)",
            [first_id],
        )
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO phrase_dates (phrase_id, starts, ends) VALUES (?, ?, ?)",
            [
                (first_id + i, p.starts, p.ends)
                for i, p in enumerate(pack.phrases)
                if p.starts or p.ends
            ],
        )

    def _with_dates(self, pack_id: int, phrases: list[Phrase]) -> list[Phrase]:
        dated = self.conn.execute(
            """SELECT f.position, d.starts, d.ends FROM phrase_dates d
               JOIN phrases f ON f.id = d.phrase_id WHERE f.pack_id = ?""",
            [pack_id],
        ).fetchall()
        if not dated:
            return phrases
        from dataclasses import replace

        positions = [
            r[0]
            for r in self.conn.execute(
                "SELECT position FROM phrases WHERE pack_id = ? ORDER BY position", [pack_id]
            )
        ]
        index = {pos: i for i, pos in enumerate(positions)}
        out = list(phrases)
        for position, starts, ends in dated:
            i = index.get(position)
            if i is not None and i < len(out):
                out[i] = replace(out[i], starts=starts, ends=ends)
        return out

    def phrase_dates(self) -> dict[int, tuple[str, str]]:
        """Phrase id → (starts, ends) for every dated phrase (few: promotions only)."""
        with storage_errors(self.path):
            return {
                r[0]: (r[1], r[2])
                for r in self.conn.execute("SELECT phrase_id, starts, ends FROM phrase_dates")
            }

    def phrase_tags(self, tags: Iterable[str]) -> dict[int, list[str]]:
        """Phrase id → which of ``tags`` it carries, for phrases carrying any of them."""
        wanted = set(tags)
        if not wanted:
            return {}
        out: dict[int, list[str]] = {}
        with storage_errors(self.path):
            for tag in wanted:
                for (pid,) in self.conn.execute(
                    "SELECT id FROM phrases WHERE instr(char(10) || tags || char(10), ?) > 0",
                    [f"\n{tag}\n"],
                ):
                    out.setdefault(pid, []).append(tag)
        return out

    def phrase_count(self) -> int:
        with storage_errors(self.path):
            count: int = self.conn.execute("SELECT count(*) FROM phrases").fetchone()[0]
        return count

    # ------------------------------------------------------------ usage

    def usage_scores(self, now: float | None = None) -> dict[int, float]:
        """Phrase id → how often and how lately the rep used it."""
        with storage_errors(self.path):
            rows = self.conn.execute(
                # The rep's usage rows are few, the phrases many: walk usage first and look
                # each row up by the (usage_key, pack_id) index (CROSS JOIN keeps SQLite to
                # that order; at 100,000 phrases 0.2 ms instead of 7 ms a start).
                """SELECT f.id, u.count, u.last_used FROM usage u
                   CROSS JOIN packs p ON p.name = u.pack
                   CROSS JOIN phrases f ON f.usage_key = u.usage_key AND f.pack_id = p.id"""
            ).fetchall()
        return {pid: search.usage_score(count, last, now) for pid, count, last in rows}

    def record_use(self, phrase_id: int, when: float | None = None) -> None:
        when = time.time() if when is None else when
        with storage_errors(self.path):
            self.execute(
                """INSERT INTO usage (pack, usage_key, count, last_used)
                   SELECT p.name, f.usage_key, 1, ? FROM phrases f
                   JOIN packs p ON p.id = f.pack_id WHERE f.id = ?
                   ON CONFLICT (pack, usage_key)
                   DO UPDATE SET count = count + 1, last_used = excluded.last_used""",
                [when, phrase_id],
            )

    def usage_of(self, phrase_id: int) -> tuple[int, float]:
        with storage_errors(self.path):
            row = self.conn.execute(
                """SELECT u.count, u.last_used FROM usage u
                   JOIN packs p ON p.name = u.pack
                   JOIN phrases f ON f.pack_id = p.id AND f.usage_key = u.usage_key
                   WHERE f.id = ?""",
                [phrase_id],
            ).fetchone()
        return (row[0], row[1]) if row else (0, 0.0)

    # ------------------------------------------------------------ settings

    def setting(self, key: str, default: Any = None) -> Any:
        with storage_errors(self.path):
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with storage_errors(self.path):
            self.execute(
                """INSERT INTO settings (key, value) VALUES (?, ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                [key, json.dumps(value, ensure_ascii=False)],
            )

    def profile(self) -> dict[str, str]:
        """The rep profile (客服资料): values for 客服名 and 店铺名."""
        value = self.setting("profile", {})
        return {k: str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    def set_profile(self, values: Mapping[str, str]) -> None:
        self.set_setting("profile", {k: v.strip() for k, v in values.items()})

    def remembered_values(self) -> dict[str, str]:
        """The last value typed for each placeholder the profile does not fill."""
        value = self.setting("placeholder_values", {})
        return dict(value) if isinstance(value, dict) else {}

    def forget_values(self, names: Iterable[str]) -> None:
        remembered = self.remembered_values()
        kept = {k: v for k, v in remembered.items() if k not in set(names)}
        if kept != remembered:
            self.set_setting("placeholder_values", kept)

    def remember_values(self, values: Mapping[str, str]) -> None:
        merged = self.remembered_values()
        merged.update(values)
        self.set_setting("placeholder_values", merged)


#: Search haystack kind → the phrases column holding its per-phrase records.
@functools.lru_cache(maxsize=65536)
def _facet_list(names: str) -> tuple[str, ...]:
    """A phrase's stored facet_names JSON as a tuple (thousands of phrases share one)."""
    return tuple(json.loads(names))


def _array(typecode: str, blob: bytes) -> array[int]:
    out = array(typecode)
    out.frombytes(blob)
    return out


class _Deferred:
    """``assistant.core.answer``, imported at its first use (saving, answering): the
    window's start-up does not need the matcher."""

    def __getattr__(self, name: str) -> Any:
        from assistant.core import answer as module

        return getattr(module, name)


if not TYPE_CHECKING:
    answer = _Deferred()
else:
    from assistant.core import answer


class _LazyTexts(Mapping[str, tuple[str, "array[int]"]]):
    """The search texts of an open store, each kind read on first use."""

    def __init__(self, store: Store, kinds: list[str]) -> None:
        self._store, self._kinds = store, kinds
        self._read: dict[str, tuple[str, array[int]]] = {}

    def __getitem__(self, kind: str) -> tuple[str, array[int]]:
        if kind not in self._read:
            if kind not in self._kinds:
                raise KeyError(kind)
            self._read[kind] = self._store._search_text(kind)
        return self._read[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)
