"""The homework domain: prompts, modes, the function-calling loop and answer checking."""
