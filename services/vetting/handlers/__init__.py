"""vetting's handlers: `handler(rules, tx, intent, envelope)` loads state, asks the domain,
saves and emits. `service.py` binds the rules and routes intents to them."""
