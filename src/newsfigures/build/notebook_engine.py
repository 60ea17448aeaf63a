"""A papermill engine that writes the executed notebook when the run ends, not before and after every cell.

papermill's own engine saves (validates and serialises) the whole notebook twice per cell so that a long
run can be watched; a step here runs in seconds, and those saves were a tenth of its time. The notebook is
still written when the run ends, failed or not: papermill marks the failing cell and writes it again, so
a failed step's notebook is kept for inspection exactly as before.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

ENGINE_NAME = "newsfigures-save-at-end"


class _SaveAtEnd(NotebookExecutionManager):
    ending = False

    def save(self, **kwargs):
        if self.ending:
            super().save(**kwargs)
        else:
            self.last_save_time = self.now()

    def notebook_complete(self, **kwargs):
        self.ending = True
        return super().notebook_complete(**kwargs)


class SaveAtEndEngine(NBClientEngine):
    """papermill's nbclient engine with one write of the executed notebook, at the end."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                         autosave_cell_every=30, **kwargs):
        # papermill's Engine.execute_notebook, with the manager that saves at the end.
        nb_man = _SaveAtEnd(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                            autosave_cell_every=autosave_cell_every)
        nb_man.notebook_start()
        try:
            cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        return nb_man.nb


papermill_engines.register(ENGINE_NAME, SaveAtEndEngine)
