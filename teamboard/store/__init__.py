"""The board folder on disk: reading it, the one writer, the live board, this computer's memory."""
