"""Storage and ingest: index generations on disk (`generations`), bringing one up to date with
the files that changed (`incremental`), and joining an index with the articles added (`merge`).
Nothing here ranks or matches: that is `corpus.search`."""
