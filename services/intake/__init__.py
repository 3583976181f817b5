"""intake: turns chat text into intents and knows who is who."""
