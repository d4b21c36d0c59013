"""cliqsim: a terminal simulator of the Zoho Cliq developer platform and its Platform Consents."""

__version__ = "0.1.0"
