"""The article model: fields, value kinds, problems and errors. Imports nothing above it."""
