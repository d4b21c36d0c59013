"""The simulated Zoho Cliq: workspace, component packages, handler inputs, responses, services,
and the runtime that routes every trigger through consent to the interpreter.

Callers use `cliqsim.platform.runtime.Runtime`; nothing here imports Textual.
"""
