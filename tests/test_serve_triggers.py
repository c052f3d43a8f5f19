"""The line of a rebuild names the files whose change started it, never a folder among them: a folder removed with
what it held (``rm -r templates``) is no file either, though nothing is left to show it was a folder. Its removal
was named as a file's, ``rebuilt … after templates, templates/article.html changed``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from watchfiles import Change

from jiading_cli.app.changes import named as _changed

NAMES = st.lists(st.sampled_from(["a", "b", "t.md"]), min_size=1, max_size=3).map("/".join)


@settings(max_examples=150, deadline=None)
@example({"templates/article.html": False})
@example({"a/b/t.md": False, "a/t.md": True})
@given(st.dictionaries(NAMES, st.booleans(), min_size=1, max_size=6))
def test_a_rebuild_names_files_never_a_folder_whether_it_stands_or_is_gone(drawn: dict[str, bool]) -> None:
    """``drawn``: files, each kept (changed) or gone (removed, with any folder of its left empty, as ``rm -r``
    leaves none). The batch names each, and each of their folders as changed or removed: the line names the files."""
    files = {name: kept for name, kept in drawn.items() if not any(other.startswith(name + "/") for other in drawn)}
    with tempfile.TemporaryDirectory() as made:
        root = Path(made)
        for name, kept in files.items():
            if kept:
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_text("x", encoding="utf-8")
        batch = [(Change.modified if kept else Change.deleted, str(root / name)) for name, kept in files.items()]
        folders = {str(parent) for name in files for parent in (root / name).parents if parent != root}
        folders = {folder for folder in folders if Path(folder).is_relative_to(root)}
        batch += [(Change.modified if Path(f).is_dir() else Change.deleted, f) for f in folders]
        assert _changed(root, batch) == sorted(files), batch
