"""A stand-in for the desktop's phone thread (app.orchestration.phone.Phone) where
none runs: the tests feed
the engine's events in through ``listener`` and every command fails as it would with no phone.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


class _NoEngine:
    """What ``NoPhone.call`` hands a command: every engine command fails by its own name."""

    def __getattr__(self, name: str) -> Any:
        def command(*_a: object, **_k: object) -> None:
            raise RuntimeError(f"{name}: no phone here")

        return command


class NoPhone:
    def subscribe(self, listener: Any) -> None:
        self.listener = listener

    def call(self, command: Callable[[Any], T]) -> Future[T]:
        done: Future[T] = Future()
        try:
            done.set_result(command(_NoEngine()))
        except Exception as exc:
            done.set_exception(exc)
        return done

    def __getattr__(self, name: str) -> Any:
        def command(*_a: object, **_k: object) -> Future[None]:
            done: Future[None] = Future()
            done.set_exception(RuntimeError(f"{name}: no phone here"))
            return done

        return command
