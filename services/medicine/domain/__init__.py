"""medicine's rules, plain Python: triage, the queue, a request's states, who sees what."""
