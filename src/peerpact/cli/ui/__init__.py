"""The terminal toolkit: console, prompts, line editing, the words people type,
shared parameters, the editor, and Typer's own words in the interface's language."""
