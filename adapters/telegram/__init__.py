"""The Telegram adapter: a bot's private chats and groups, through the chat envelope."""
