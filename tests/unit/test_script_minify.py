"""PADUKO's own browser scripts are served minified (issue 12), still one plain function expression each."""

from __future__ import annotations

import gzip
import shutil

from paduko_app import script_minify


def test_every_script_of_ours_is_minified_and_stays_a_classic_script(tmp_path):
    sources = sorted(script_minify.ASSETS.glob("*.js"))
    for source in sources:
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "assets").mkdir()  # Reflex's own chunks live below: left alone
    (tmp_path / "assets" / "root-Ab12.js").write_text("// Reflex's\n")

    done = script_minify.minify(tmp_path)

    assert done == [s.name for s in sources] and "voice.js" in done
    for source in sources:
        out = (tmp_path / source.name).read_text()
        assert len(gzip.compress(out.encode())) < len(gzip.compress(source.read_bytes())), source.name
        assert out.startswith("(function(){") and out.rstrip().endswith("})();"), source.name
        assert "export" not in out.split("\n")[-2:] and not out.startswith("import"), source.name
    assert (tmp_path / "assets" / "root-Ab12.js").read_text() == "// Reflex's\n"
