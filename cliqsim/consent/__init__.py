"""Platform Consents: what a component's code may touch and who allowed it.

- `items`: consent items (object, task, api, org) with purpose lines and code locations;
- `manifest`: a component's items from its scripts' effect inventories, with a fingerprint;
- `store`: grants, ledger and installs in one TinyDB file, with an in-memory index;
- `gate`: allowed, or a consent request saying why (first run, expired, revoked, changed);
- `guard`: the host wrapper that blocks, at run time, every effect the grant does not cover;
- `org`: extension install and uninstall with the org admin's consent.

Import the submodules directly; this package imports nothing on its own.
"""
