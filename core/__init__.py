"""What every desk shares and no desk owns: the append-only record base
(``core.records``), the project's time zone and how times are written (``core.time``),
the abstract model of anything that has a deadline (``core.deadlines``) and its
presentation (``core_tags``).

``core`` knows nothing of consultations or complaints and never imports them; the desks
build on it. It imports only ``workdays`` of ours (the working-day arithmetic).
"""
