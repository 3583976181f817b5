"""delivery: the last 100 metres — released goods to each building's rack, arrival notices,
pickups (by the household or a proxy it named), reminders and escalation."""
