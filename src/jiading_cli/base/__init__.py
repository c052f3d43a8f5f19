"""Infrastructure every layer may use: files written whole, characters XML refuses."""
