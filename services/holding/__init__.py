"""holding: the gate area — arrivals, refusals, disinfection records and durable holds."""
