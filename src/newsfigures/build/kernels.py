"""Warm kernels: a step's kernel is started, and its notebook's imports run, while the steps it waits for are
still running, on the core they leave idle; the step then executes in a kernel that is already up.

Only import statements are run ahead (the notebook runs them again, from the module cache), and without
touching the kernel's history, so the executed notebook is the same as from a cold kernel. A warm-up that
fails is dropped and the step starts a kernel of its own, where the same import fails in its own cell.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import json
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

KERNEL_ARGUMENTS = [
    "--IPKernelApp.log_level=ERROR",  # ipykernel's TCP warning would tear the progress display
    "--HistoryManager.enabled=False",  # kernels started together would queue on one history database
]


def notebook_imports(notebook: Path) -> str:
    """The top-level import statements of a notebook's code cells, the parameters cell excepted."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    statements = []
    for cell in cells:
        if cell.get("cell_type") != "code" or "parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        source = "".join(cell.get("source", []))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # IPython magics and the like: that cell simply is not warmed
        statements += [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return "\n".join(dict.fromkeys(statements))


class WarmKernel:
    """One kernel being started (in a thread of its own event loop) and warmed for one notebook."""

    def __init__(self, executor: ThreadPoolExecutor, root: Path, notebook: Path, log: IO[bytes],
                 warm_up: str | None = None, niceness: int = 0):
        self.log = log
        self.niceness = niceness
        code = "\n".join(part for part in (notebook_imports(notebook), warm_up) if part)
        self._future: Future = executor.submit(self._start, root, code)

    async def _start_async(self, root: Path, code: str):
        manager = client_tracking_manager()(kernel_name="python3")
        await manager.start_kernel(cwd=str(root), extra_arguments=KERNEL_ARGUMENTS, stderr=self.log)
        process = getattr(manager.provisioner, "process", None)
        if self.niceness and process is not None:
            try:
                os.setpriority(os.PRIO_PROCESS, process.pid, self.niceness)
            except OSError:
                pass  # a priority is a preference: the kernel runs either way
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            if code:
                reply = await client.execute_interactive(code, silent=True, store_history=False, timeout=120,
                                                         output_hook=lambda message: None)
                if reply["content"]["status"] != "ok":
                    await manager.shutdown_kernel(now=True)
                    return None
        except Exception:
            await manager.shutdown_kernel(now=True)
            return None
        finally:
            client.stop_channels()
        return manager

    def _start(self, root: Path, code: str):
        try:
            return asyncio.run(self._start_async(root, code))
        except Exception:
            return None

    def take(self):
        """The warmed kernel manager, or None if the warm-up failed (the step then starts cold)."""
        return self._future.result()


@functools.cache
def client_tracking_manager():
    """A kernel manager class that remembers the clients it hands out, so that shutting the kernel down can
    stop their channels. nbclient leaves a client's channels running when it was given the kernel rather than
    starting one: their heartbeat thread's event loop then outlived the kernel, and at interpreter exit
    Python printed its teardown ("Exception ignored in BaseEventLoop.__del__") below the build's last line."""
    from jupyter_client.manager import AsyncKernelManager

    class ClientTrackingKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.clients_made = []

        def client(self, **kwargs):
            made = super().client(**kwargs)
            self.clients_made.append(made)
            return made

        def stop_clients(self) -> None:
            made, self.clients_made = self.clients_made, []
            for client in made:
                if client.channels_running:
                    client.stop_channels()

    return ClientTrackingKernelManager


def shut_down(manager) -> None:
    """Stop a kernel whose notebook has ended (or that was never used), and its clients' channels. At once:
    everything it made is written and its outputs are in the notebook; a polite shutdown sometimes waited
    seconds for the kernel."""
    stop_clients = getattr(manager, "stop_clients", None)
    if stop_clients is not None:
        stop_clients()
    asyncio.run(manager.shutdown_kernel(now=True))


class KernelPool:
    """Kernels warmed ahead for the notebook steps a build is about to run."""

    def __init__(self, root: Path):
        self.root = root
        self._executor = ThreadPoolExecutor(max_workers=3, thread_name_prefix="warm-kernel")
        self._warm: dict[str, WarmKernel] = {}
        self._retiring: list[threading.Thread] = []
        self._ahead: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def warm(self, notebook: str, log_path: Path, warm_up: str | None = None, niceness: int = 0) -> None:
        """Start warming a kernel for ``notebook``; ``niceness`` above 0 lowers its scheduling priority (for a
        step off the build's longest path, so that it yields the cores to the steps the build waits for)."""
        with self._lock:
            if notebook in self._warm:
                return
            log_path.parent.mkdir(parents=True, exist_ok=True)
            self._warm[notebook] = WarmKernel(self._executor, self.root, self.root / notebook,
                                              open(log_path, "wb"), warm_up, niceness)

    def run_ahead(self, code: str) -> Future:
        """Run a function step's warm-up code in a thread of this process (its Future's exception, if any,
        is for the caller to ignore: the step itself then fails where it should)."""
        with self._lock:
            if self._ahead is None:
                self._ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-function")
        return self._ahead.submit(exec, code, {"__name__": "__warm_up__"})

    def retire(self, manager) -> None:
        """Shut a used kernel down in the background: the step's outputs are written, and the next step
        need not wait the half second a kernel takes to exit. close() waits for it."""
        thread = threading.Thread(target=shut_down, args=(manager,), name="retire-kernel")
        thread.start()
        with self._lock:
            self._retiring.append(thread)

    def take(self, notebook: str):
        """(kernel manager or None, its stderr log or None); each warmed kernel is handed out once."""
        with self._lock:
            warm = self._warm.pop(notebook, None)
        if warm is None:
            return None, None
        manager = warm.take()
        if manager is None:
            warm.log.close()
            return None, None
        return manager, warm.log

    def close(self) -> None:
        """Shut down the kernels warmed for steps that turned out to be cached; wait for those retiring."""
        with self._lock:
            left, self._warm = list(self._warm.values()), {}
            retiring, self._retiring = self._retiring, []
        for thread in retiring:
            thread.join()
        if self._ahead is not None:
            self._ahead.shutdown(wait=True)
        for warm in left:
            manager = warm.take()
            if manager is not None:
                shut_down(manager)
            warm.log.close()
        self._executor.shutdown(wait=True)
