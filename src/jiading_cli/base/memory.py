"""Running out of memory, as a command says it: one line, whatever part of the process found it."""

from __future__ import annotations

LINE = "Error: out of memory: the process's memory limit (ulimit -v) is too low for this run"
MAPPED = "failed to map segment"  # the loader's words for a library it found no memory to map (an ImportError)
# Python's words where C code failed (to allocate, mostly) and set no exception to say so: a SystemError
LOST = ("error return without exception set", "without setting an exception")


def short_of_memory(failure: BaseException) -> bool:
    """Whether ``failure`` says the process ran out of memory (``ulimit -v``): Python's :class:`MemoryError`; a
    library's module that could not be loaded for want of memory to map it, which Python raises as an ImportError;
    or C code that failed to allocate and set no exception, which Python raises as a SystemError."""
    if isinstance(failure, MemoryError):
        return True
    return (isinstance(failure, ImportError) and MAPPED in str(failure)) or (
        isinstance(failure, SystemError) and any(words in str(failure) for words in LOST)
    )
