"""客服助手: a desktop assistant that puts the right reply on the clipboard, fast."""

APP_NAME = "客服助手"
APP_ID = "kefu-assistant"


def __getattr__(name: str) -> str:
    # The version lives in pyproject.toml only; importlib.metadata costs ~40 ms, so it
    # is read when asked for (--version, packaging), never at start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(APP_ID)
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0"
    raise AttributeError(name)
