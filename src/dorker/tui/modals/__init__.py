"""Small dialogs: outcome and verdict pickers, text prompts, help, welcome."""
