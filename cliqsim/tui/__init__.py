"""The Textual chat window: one caller of `cliqsim.platform.runtime.Runtime`, no domain logic.

Importing this package does not import Textual; `cliqsim.tui.app.make_app` does.
"""
