"""YAML a person wrote: `lines` loads with line numbers (for file:line errors); `document` reads the
composed node tree, `style` the file's habits (indent, quotes, flow/block), `place` where a new entry goes,
and `splice` edits routes.yaml and tygo.yaml by inserting text, so every other byte stays."""
