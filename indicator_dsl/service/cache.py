"""Compiled catalogs by content hash: the same scorecard posted a thousand times is parsed,
checked and compiled once.  Bounded (least recently used goes first) and thread-safe."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from ..catalog import Catalog, load_bytes


class CatalogCache:
    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.hits = self.misses = 0
        self._items: OrderedDict[str, Catalog] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(data: bytes, name: str) -> str:
        """The file name is part of the key: diagnostics carry it."""
        return hashlib.sha256(name.encode("utf-8", "surrogatepass") + b"\0" + data).hexdigest()

    def get(self, data: bytes, name: str) -> Catalog:
        """The catalog of these bytes, checked (its diagnostics computed once, here, not in a race).
        Raises NotText for bytes that are not UTF-8/GBK text."""
        key = self.key(data, name)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        catalog = load_bytes(data, name)
        catalog.check()
        with self._lock:
            self._items[key] = catalog
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return catalog

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"size": len(self._items), "limit": self.size, "hits": self.hits, "misses": self.misses}
