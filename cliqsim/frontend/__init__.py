"""What the two front ends share: the chat window (`cliqsim.tui`) and the headless commands
(`cliqsim.commands`) both draw Cliq messages with `render` (Cliq markdown in `markdown`) and read
their start-up options with `options`.

Neither front end owns this package, and it imports neither of them (nor Textual):
`tests/test_layers.py` checks both rules.
"""
