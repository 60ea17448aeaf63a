"""The wheel also carries the files every story project shares with this one (newsfigures.scaffold.shared_files),
so `newsfigures new` run from an installed wheel lays out the same project as from this checkout."""

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
_SHARED = runpy.run_path(str(HERE / "src/newsfigures/scaffold/shared_files.py"))


class BuildWithSharedFiles(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "newsfigures" / "scaffold" / _SHARED["PACKAGED"]
        for relative in _SHARED["SHARED_FILES"]:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / relative, target / relative)


setup(cmdclass={"build_py": BuildWithSharedFiles})
