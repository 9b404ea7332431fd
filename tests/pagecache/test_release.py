"""pagecache.release: the per-deploy key prefix that replaced a hand-bumped version."""

from pagecache import fragments, release


def test_release_is_the_configured_name_when_one_is_set(settings):
    release.release.cache_clear()
    settings.HOLDFAST_RELEASE = "c0ffee1"
    try:
        assert release.release() == "c0ffee1"
        assert fragments.key("postfragment", 7, ("body",)).startswith("postfragment:c0ffee1:7:")
    finally:
        release.release.cache_clear()


def test_release_hash_changes_when_a_template_changes(tmp_path):
    (tmp_path / "templates").mkdir()
    partial = tmp_path / "templates" / "post.html"
    partial.write_text("<article>{{ post.body }}</article>")
    (tmp_path / "views.py").write_text("def view(): ...")
    before = release._source_hash(tmp_path)
    assert release._source_hash(tmp_path) == before  # the same code: the same name
    partial.write_text('<article class="post">{{ post.body }}</article>')
    assert release._source_hash(tmp_path) != before


def test_release_hash_ignores_what_is_no_source(tmp_path):
    (tmp_path / "views.py").write_text("def view(): ...")
    before = release._source_hash(tmp_path)
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "x.py").write_text("junk")
    (tmp_path / "notes.txt").write_text("notes")
    assert release._source_hash(tmp_path) == before
