"""One program per user and data folder: starting it again brings the running one forward."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_MESSAGE = b"show\n"


def server_name(data_dir: Path) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some locked-down PCs: the folder still separates
        user = ""
    digest = hashlib.sha1(f"{user}|{data_dir}".encode()).hexdigest()[:16]
    return f"kefu-assistant-{digest}"


def signal_running(name: str, timeout_ms: int = 500) -> bool:
    """Ask a running instance to come forward; True if one answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(_MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later starts of the program and emits :attr:`activated`."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(name):
            # A socket left behind by a crashed instance (Unix): nobody answered, so
            # it is stale and can go.
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_MESSAGE.strip()):
            self.activated.emit()
