"""What the CLI prints: `checklist` (add-endpoint's table), `check` and `drift` (text, json, github), and
`annotations` (GitHub workflow commands) shared by both."""
