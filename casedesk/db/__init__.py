"""Database backends: Django's, with what casedesk needs changed (casedesk.db.postgresql)."""
