"""A stand-in for the desktop's phone thread (app.phone.Phone) where none runs: the tests feed
the engine's events in through ``listener`` and every command fails as it would with no phone.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any


class NoPhone:
    def subscribe(self, listener: Any) -> None:
        self.listener = listener

    def __getattr__(self, name: str) -> Any:
        def command(*_a: object, **_k: object) -> Future[None]:
            done: Future[None] = Future()
            done.set_exception(RuntimeError(f"{name}: no phone here"))
            return done

        return command
