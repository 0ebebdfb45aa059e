"""A server that trickles its answer (a byte at a time, each within the per-read
timeout) cannot hold a sync: the whole download has a deadline, after which the check
fails with a message and the installed pack stays."""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from assistant.core import packfile
from tests.reliability.helpers import shop_pack


class _Trickle(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        try:
            for i in range(len(self.body)):
                self.wfile.write(self.body[i : i + 1])
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def slow_server():
    _Trickle.body = packfile.pack_to_json(shop_pack(2, name="团队话术", version="2.0.0")).encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    server.block_on_close = False  # a handler still trickling is not waited for
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/team.json"
    server.shutdown()
    server.server_close()


def test_item7_a_trickling_server_is_given_up_at_the_deadline(slow_server, data_dir, monkeypatch):
    from assistant.store import fetch, subscriptions
    from assistant.store.repository import Store

    # ~1 s for the whole download here (60 s in the program); each byte comes well
    # within the per-read timeout, so only a deadline for the whole check stops it.
    monkeypatch.setattr(fetch, "DOWNLOAD_DEADLINE", 1.0)
    assert len(_Trickle.body) * 0.05 > 10  # the whole answer would take over 10 s
    store = Store(data_dir)
    try:
        subscriptions.subscribe(store, slow_server)
        result = subscriptions.check(store, slow_server)
        assert result.outcome is subscriptions.Outcome.FAILED
        assert "超时" in result.message
        assert "团队话术" not in [p.name for p in store.packs()]
    finally:
        store.close()
