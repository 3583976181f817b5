"""medicine's handlers: load state, ask the domain, save, emit. Thin by design."""
