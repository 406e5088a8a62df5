"""
The question bank: question bodies per type, their validation and sanitising, and importers.

The body schemas, validation and the Open edX problem (OLX) parser are pure Python; the models,
REST endpoints and import-apply steps sit on top of them.
"""
