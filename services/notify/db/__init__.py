"""notify's store access: small functions on SQLAlchemy Core."""
