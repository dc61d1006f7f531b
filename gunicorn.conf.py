"""gunicorn's settings for E-Advokasi, read by gunicorn from the folder it is started in
(this one: ``gunicorn advokasi.wsgi ...``; elsewhere pass ``-c path/to/gunicorn.conf.py``).
The command line still sets workers, bind and timeouts (README, "Deploying").

The logger keeps bearer codes out of the access and error logs: tracking codes, walk-in
codes, survey and letter tracking tokens and verification codes in request lines,
paths, query strings and Referers are written as ``[redacted]`` (advokasi/redaction.py;
docs/decisions/0012-codes-and-throttles.md). Turn the access log on as usual
(``--access-logfile -``); its format may be changed, every atom is redacted.
"""

logger_class = "advokasi.redaction.GunicornLogger"
