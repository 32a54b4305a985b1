"""Builds the newsarc package: the pure-Python modules of newsarc/ and the extension
newsarc._core, which the repository's CMake build compiles (target newsarc_python) with the
library linked in statically.

NEWSARC_BUILD_DIR names a build folder already configured with -DARCHIVE_NEWS_PYTHON=ON for this
same Python (CI's, a developer's): the extension is then built there, or taken as it is, and the
library is not compiled a second time. Without it, the repository this folder belongs to is
configured in a temporary folder and built for the Python running pip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent


def cmake(*args: str | os.PathLike[str]) -> None:
    command = ["cmake", *map(str, args)]
    print(" ".join(command), flush=True)
    subprocess.run(command, check=True)


def library_version() -> str:
    """The version of the library (its CMake project), for the package's."""
    build = os.environ.get("NEWSARC_BUILD_DIR")
    if build and (Path(build) / "CMakeCache.txt").exists():
        cache = (Path(build) / "CMakeCache.txt").read_text(encoding="utf-8")
        found = re.search(r"^CMAKE_PROJECT_VERSION:\w+=(\S+)$", cache, re.M)
        if found:
            return found.group(1)
    lists = REPOSITORY / "CMakeLists.txt"
    if lists.exists():
        found = re.search(r"project\(\w+ VERSION (\S+)", lists.read_text(encoding="utf-8"))
        if found:
            return found.group(1)
    sys.exit("setup.py: no version found: build from a clone of the newsarc repository, or set "
             "NEWSARC_BUILD_DIR to a configured build")


class CMakeBuild(build_ext):
    """Builds newsarc._core with CMake and copies it where setuptools packs it."""

    def build_extension(self, ext: Extension) -> None:
        build = os.environ.get("NEWSARC_BUILD_DIR")
        if build:
            build_dir = Path(build).resolve()
        else:
            if not (REPOSITORY / "libarchive_news").is_dir():
                sys.exit("setup.py: the package is built from a clone of the newsarc repository "
                         f"(no libarchive_news/ beside {HERE})")
            build_dir = Path(self.build_temp).resolve() / "cmake"
            # -O2, as the project's own builds and tests are optimised: GCC 12 at -O3 reports
            # false -Wrestrict warnings in the library's string concatenations.
            cmake("-S", REPOSITORY, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release",
                  "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG", "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG",
                  "-DARCHIVE_NEWS_BUILD_TESTS=OFF", "-DARCHIVE_NEWS_PYTHON=ON",
                  f"-DPython3_EXECUTABLE={sys.executable}")
        cmake("--build", build_dir, "--target", "newsarc_python", "-j", str(os.cpu_count() or 1))
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = build_dir / "python" / "newsarc" / f"_core{suffix}"
        if not built.exists():
            sys.exit(f"setup.py: {built} is missing: {build_dir} builds the extension for "
                     f"another Python than {sys.executable} (configure it with "
                     "-DPython3_EXECUTABLE, or unset NEWSARC_BUILD_DIR)")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    version=library_version(),
    ext_modules=[Extension("newsarc._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
