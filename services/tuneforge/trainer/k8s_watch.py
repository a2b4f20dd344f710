"""A small informer: one namespaced kind, one label selector, kept in memory.

It lists (keeping the list's ``resourceVersion``), then watches from there; each
event updates a name -> object map and calls ``on_change``. A watch that expired
(410 Gone) relists; any other failure backs off and retries, so a flaky apiserver
delays the reconciler but never stops it. A watch silent for ``idle_seconds`` is
reopened from the last resource version: that bounds :meth:`Informer.stop`
(the client cannot interrupt a blocking read) and costs the apiserver one cheap
request (its watch cache serves it).

The selector is also applied here, on the client: equality terms only
(``k=v,k2=v2``), which is all the reconciler uses; kmock's emulator ignores
``labelSelector`` and would otherwise hand over every object.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import urllib3
from kubernetes import watch as k8s_watch
from kubernetes.client.exceptions import ApiException

__all__ = ["Informer", "matches"]

log = logging.getLogger("tuneforge.trainer.kubernetes")

GONE = 410
MAX_BACKOFF = 30.0


def _terms(selector: str) -> dict[str, str]:
    terms: dict[str, str] = {}
    for term in filter(None, (t.strip() for t in selector.split(","))):
        key, sep, value = term.replace("==", "=").partition("=")
        if not sep or "!" in key:
            raise ValueError(f"only equality label selectors are supported, got {term!r}")
        terms[key.strip()] = value.strip()
    return terms


def matches(labels: dict[str, str] | None, selector: str) -> bool:
    """Whether ``labels`` satisfy the equality selector ``selector``."""
    have = labels or {}
    return all(have.get(k) == v for k, v in _terms(selector).items())


class Informer:
    """Thread-safe: :meth:`snapshot` from any thread; :meth:`start`/:meth:`stop` once.

    ``list_fn`` is a namespaced list call of the official client (e.g.
    ``BatchV1Api.list_namespaced_job``); ``on_change()`` runs on the informer's
    thread after every change and must be quick (the reconciler's ``wake``).
    """

    def __init__(
        self,
        list_fn: Callable[..., Any],
        namespace: str,
        label_selector: str,
        on_change: Callable[[], None],
        *,
        name: str,
        idle_seconds: float = 5.0,
        watch_seconds: int = 300,
        backoff_seconds: float = 0.5,
    ) -> None:
        _terms(label_selector)  # refuse what we cannot filter, now
        self.list_fn = list_fn
        self.namespace = namespace
        self.label_selector = label_selector
        self.on_change = on_change
        self.name = name
        self.idle_seconds = idle_seconds
        self.watch_seconds = watch_seconds
        self.backoff_seconds = backoff_seconds
        self.relists = 0  # how often it listed (tests see a 410 answered by a relist)
        self._objects: dict[str, Any] = {}
        self._version: str | None = None
        self._lock = threading.Lock()
        self._synced = threading.Event()
        self._halt = threading.Event()
        self._watch: k8s_watch.Watch | None = None
        self._thread: threading.Thread | None = None

    # -- what the reconciler asks ---------------------------------------------------

    @property
    def synced(self) -> bool:
        """Whether a list has completed: before that, a missing object proves nothing."""
        return self._synced.is_set()

    def wait_synced(self, timeout: float) -> bool:
        return self._synced.wait(timeout)

    def snapshot(self) -> dict[str, Any]:
        """A copy of name -> object (the objects themselves are shared: do not mutate)."""
        with self._lock:
            return dict(self._objects)

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._halt.clear()
        self._thread = threading.Thread(
            target=self._loop, name=f"informer-{self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """End the thread (within about ``idle_seconds``) and wait for it."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._halt.set()
        w = self._watch
        if w is not None:
            w.stop()
        thread.join(timeout if timeout is not None else self.idle_seconds + 10.0)

    # -- the loop --------------------------------------------------------------------

    def _loop(self) -> None:
        backoff = self.backoff_seconds
        while not self._halt.is_set():
            try:
                if self._version is None:
                    self._list()
                self._stream()
                backoff = self.backoff_seconds
            except ApiException as e:
                if e.status == GONE:
                    log.info("watch expired; relisting", extra={"kind": self.name})
                    self._version = None
                    continue
                log.warning(
                    "listing or watching failed; retrying",
                    extra={"kind": self.name, "status": e.status, "backoff_s": backoff},
                )
                self._halt.wait(backoff)
                backoff = min(MAX_BACKOFF, backoff * 2)
            except (urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ProtocolError):
                continue  # idle, or the stream was cut: reopen from the last resource version
            except Exception:
                log.warning(
                    "listing or watching failed; retrying",
                    exc_info=True,
                    extra={"kind": self.name, "backoff_s": backoff},
                )
                self._halt.wait(backoff)
                backoff = min(MAX_BACKOFF, backoff * 2)

    def _list(self) -> None:
        page = self.list_fn(
            self.namespace,
            label_selector=self.label_selector,
            _request_timeout=(10.0, 60.0),
        )
        objects = {
            o.metadata.name: o
            for o in page.items
            if o.metadata is not None and matches(o.metadata.labels, self.label_selector)
        }
        with self._lock:
            self._objects = objects
        self._version = page.metadata.resource_version if page.metadata is not None else None
        self._version = self._version or ""  # "" = watch from now (a list without versions)
        self.relists += 1
        self._synced.set()
        self.on_change()

    def _stream(self) -> None:
        w = k8s_watch.Watch()
        self._watch = w
        if self._halt.is_set():
            return
        kwargs: dict[str, Any] = {
            "label_selector": self.label_selector,
            "timeout_seconds": self.watch_seconds,
            "allow_watch_bookmarks": True,
            "_request_timeout": (10.0, self.idle_seconds),
        }
        if self._version:
            kwargs["resource_version"] = self._version
        try:
            for event in w.stream(self.list_fn, self.namespace, **kwargs):
                kind = event.get("type")
                obj = event.get("object")
                if w.resource_version:
                    self._version = w.resource_version
                if kind == "BOOKMARK" or obj is None or obj.metadata is None:
                    continue
                name = obj.metadata.name
                with self._lock:
                    if kind == "DELETED" or not matches(obj.metadata.labels, self.label_selector):
                        self._objects.pop(name, None)
                    else:
                        self._objects[name] = obj
                self.on_change()
                if self._halt.is_set():
                    break
        finally:
            self._watch = None
