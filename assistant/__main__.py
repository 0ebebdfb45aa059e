"""Entry point: ``assistant`` opens the window, ``assistant COMMAND`` runs the command
line. Heavy imports (Qt, pypinyin) happen only on the path that needs them."""

from __future__ import annotations

import sys


def _window_options(argv: list[str]) -> tuple[str | None, bool] | None:
    """(data folder, smoke test) when ``argv`` only opens the window, else None.

    Opening the window is what a rep does many times a day; it need not pay for
    argparse and its translations (~5 ms). Anything else (a command, --help, a typo)
    goes through the full parser, which explains it.
    """
    data_dir: str | None = None
    smoke = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--smoke-test":
            smoke = True
        elif arg == "--data-dir" and i + 1 < len(argv) and argv[i + 1]:
            data_dir = argv[i + 1]
            i += 1
        elif arg.startswith("--data-dir=") and len(arg) > len("--data-dir="):
            data_dir = arg.split("=", 1)[1]
        else:
            return None
        i += 1
    return data_dir, smoke


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # A frozen program is also its own child process (the window's subscription
        # check, assistant.store.sync_worker): started that way, it runs the child here
        # and exits.
        import multiprocessing

        multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else argv
    window = _window_options(argv)
    if window is not None:
        import contextlib

        for stream in (sys.stdout, sys.stderr):  # as the command line does: UTF-8 out
            with contextlib.suppress(AttributeError, ValueError, OSError):
                stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        from assistant import app
        from assistant.errors import KnownError

        try:
            return app.run(data_dir=window[0], smoke_test=window[1])
        except KnownError as e:  # as the command line reports it
            print(f"错误：{e}", file=sys.stderr)
            from assistant.cli import damage_advice

            damage_advice(e, window[0])
            return 2
    from assistant import cli

    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
