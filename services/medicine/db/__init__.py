"""medicine's data access: small functions over its tables (SQLAlchemy Core)."""
