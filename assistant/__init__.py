"""客服助手: a desktop assistant that puts the right reply on the clipboard, fast."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kefu-assistant")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

APP_NAME = "客服助手"
APP_ID = "kefu-assistant"
