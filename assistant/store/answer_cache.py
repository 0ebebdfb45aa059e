"""The question matcher (问法) as it is kept on disk (table answer_cache): its word
lists (the built-in ones and the packs' ``synonyms`` sections), reading its index at
the first question and writing it again whenever phrases change.

:meth:`Store.answer_index <assistant.store.repository.Store.answer_index>` is the way
in. ``assistant.core.answer`` is imported at its first use (saving, answering): the
window's start-up does not need the matcher."""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import TYPE_CHECKING, Any

from assistant.core.phrases import Pack
from assistant.store.db import storage_errors
from assistant.store.search_cache import shadowed, superseded

if TYPE_CHECKING:
    from assistant.store.repository import Store


class _Deferred:
    """``assistant.core.answer``, imported at its first use (saving, answering): the
    window's start-up does not need the matcher."""

    def __getattr__(self, name: str) -> Any:
        from assistant.core import answer as module

        return getattr(module, name)


if not TYPE_CHECKING:
    answer = _Deferred()
else:
    from assistant.core import answer as answer


def stored_vocabulary(store: Store, saving: Pack | None = None) -> answer.Vocabulary:
    """The matcher's word lists: the built-in ones and every pack's ``synonyms``
    section (``saving``'s own in place of the stored pack of its name)."""
    with storage_errors(store.path):
        rows = store.conn.execute(
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


def read_index(store: Store) -> answer.AnswerIndex:
    """The question matcher over the phrases searched (as the search index).

    Read from the cache written when phrases were saved; rebuilt when it is missing
    (a database from an older version) or the word lists changed."""
    vocabulary = stored_vocabulary(store)
    analyzer = answer.analyzer_for(vocabulary)
    with storage_errors(store.path):
        row = store.conn.execute("SELECT byteorder, vocabulary, data FROM answer_cache").fetchone()
    if row is not None and row[0] == sys.byteorder and row[1] == vocabulary.fingerprint():
        try:
            return answer.AnswerIndex.from_bytes(row[2], analyzer)
        except ValueError:
            pass
    with storage_errors(store.path), store.db.atomic():
        return write_index(store.conn, vocabulary)


def write_index(
    conn: sqlite3.Connection, vocabulary: answer.Vocabulary, fresh_pack: int | None = None
) -> answer.AnswerIndex:
    """Build and store the matcher's index. Phrases whose documents were made with
    other word lists (or none: an older database) are tokenised again, except the
    pack just saved (``fresh_pack``), whose documents are new."""
    fingerprint = vocabulary.fingerprint()
    analyzer = answer.analyzer_for(vocabulary)
    row = conn.execute("SELECT vocabulary FROM answer_cache").fetchone()
    if row is None or row[0] != fingerprint:
        stale = conn.execute(
            "SELECT id, questions, title, tags FROM phrases WHERE pack_id IS NOT ?",
            [fresh_pack],
        ).fetchall()
        conn.executemany(
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
    hidden = superseded(conn)
    rows = conn.execute(
        f"""SELECT id, s_answer FROM phrases
            WHERE pack_id NOT IN ({",".join("?" * len(hidden))}) AND s_answer != ''
            ORDER BY rank""",
        hidden,
    ).fetchall()
    hidden_phrases = shadowed(conn, hidden)
    index = answer.AnswerIndex.build_encoded(
        ((pid, docs) for pid, docs in rows if pid not in hidden_phrases), analyzer
    )
    conn.execute("DELETE FROM answer_cache")
    conn.execute(
        "INSERT INTO answer_cache (id, byteorder, vocabulary, data) VALUES (1, ?, ?, ?)",
        [sys.byteorder, fingerprint, index.to_bytes()],
    )
    return index
