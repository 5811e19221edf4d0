"""Fault injection for reproducing issue 11's killed-worker failure on purpose (never in production:
only a process started with this folder on PYTHONPATH loads it).

PADUKO_FAULT_STALL_WRITE_S=1.5 makes a worker wait that long after an event of
PADUKO_FAULT_STALL_EVENT (default `next_step`) sent the browser its update and before it writes
the state to Redis: the window in which the killed-worker test's SIGKILL has to land by chance
(under CPU pressure it was seen at 60 ms). Used as

    PYTHONPATH=tests/faults PADUKO_FAULT_STALL_WRITE_S=1.5 \
      .venv/bin/python -m pytest -m cluster tests/e2e/test_killed_worker.py
"""

from __future__ import annotations

import os

_STALL_S = float(os.environ.get("PADUKO_FAULT_STALL_WRITE_S") or 0)
_EVENT = os.environ.get("PADUKO_FAULT_STALL_EVENT", "next_step")


def _patch(module) -> None:
    import asyncio
    import sys

    original = module.StateManagerRedis.set_state

    async def stalled_set_state(self, token, state, *, lock_id=None, **context):
        event = context.get("event")
        if lock_id is not None and event is not None and event.name.endswith("." + _EVENT):
            print(f"fault: pid={os.getpid()} stalls {_STALL_S} s before writing the state of {_EVENT}",
                  file=sys.stderr, flush=True)
            await asyncio.sleep(_STALL_S)
        return await original(self, token, state, lock_id=lock_id, **context)

    module.StateManagerRedis.set_state = stalled_set_state


class _PatchOnImport:
    """Patches Reflex's Redis state manager when (and only if) a process imports it."""

    TARGET = "reflex.istate.manager.redis"

    def find_spec(self, name, path=None, target=None):
        if name != self.TARGET:
            return None
        import importlib.util
        import sys

        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            _patch(module)

        spec.loader.exec_module = exec_and_patch
        return spec


if _STALL_S > 0:
    import sys as _sys

    _sys.meta_path.insert(0, _PatchOnImport())
