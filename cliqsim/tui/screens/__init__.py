"""The chat screen and the modal screens over it."""
