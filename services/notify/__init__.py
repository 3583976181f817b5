"""notify: who is reachable where, chat texts in zh and en, rate-limited delivery with
receipts and retries, announcements and the daily bulletin. The only writer of chat.out."""
