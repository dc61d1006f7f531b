"""What every desk shares and no desk owns: the append-only record base
(``core.records``), the project's time zone and how times are written (``core.time``),
the abstract model of anything that has a deadline (``core.deadlines``), its one
lifecycle — clock, recompute, reminder, breach sweep — with per-desk hooks
(``core.lifecycle``), and its presentation (``core_tags``).

``core`` knows nothing of consultations or complaints and never imports them; the desks
build on it, and plug into the lifecycle by registering their hooks from their
``AppConfig.ready``. It imports only ``workdays`` of ours (the working-day arithmetic).
"""
