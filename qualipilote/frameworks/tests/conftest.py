import copy
from pathlib import Path

import pytest
import yaml

from qualipilote.frameworks.loader import DATA_DIR, load_files

REAL_FILES = {
    "qual-e-pref": DATA_DIR / "qual-e-pref-2019.yaml",
    "quali-ate": DATA_DIR / "quali-ate-2024.yaml",
    "services-publics-plus": DATA_DIR / "services-publics-plus-2023.yaml",
}


def read_real(code: str) -> dict:
    """A real data file as a dict, to change in a test and write again."""
    return copy.deepcopy(yaml.safe_load(REAL_FILES[code].read_text(encoding="utf-8")))


@pytest.fixture
def write_data(tmp_path):
    """`write_data(name, data)` writes a data file (dict as YAML, or raw text) in tmp_path."""

    def write(name: str, data) -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def loaded_frameworks(db):
    """The three real framework files, loaded as `make run` does."""
    return load_files()
