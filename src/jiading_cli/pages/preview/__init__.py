"""What only `jiading serve` shows: each article's share preview (:mod:`.cards`, :mod:`.sharepage`), the
live reload script (``templates/``). Nothing here is ever deployed."""
