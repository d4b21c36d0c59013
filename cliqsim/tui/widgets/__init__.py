"""The chat window's widgets."""
