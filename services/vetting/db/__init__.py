"""vetting's data access: small SQLAlchemy Core functions on one connection (the handler's
transaction), with keyword-only arguments where a mix-up would be silent."""
