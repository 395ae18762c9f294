"""The board and the world outside: export, import, success stories, sync over git."""
