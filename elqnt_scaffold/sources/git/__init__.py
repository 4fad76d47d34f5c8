"""Reading a git repository's index (the staged tree) instead of its working tree: :mod:`.index`."""
