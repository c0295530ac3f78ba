"""Batteries that walk the whole site rather than one package: object access for every URL and
role, bad input through the API and the web forms, the API fuzzed against its schema, and the
security headers of every page."""
