"""`lastmile demo`: a whole lockdown day of a compound, played through the chat envelope on the
embedded runtime with an accelerated clock. The day itself (`day.py`) is shared with the
end-to-end test; the command only renders its progress and summary."""
