import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advokasi.settings.production")

application = get_wsgi_application()

# A web process starting is often one replacing a process that was killed (OOM killer,
# gunicorn's timeout) while it read an upload: sweep what that one left on this host.
from files.housekeeping import remove_stale_upload_temp_files  # noqa: E402

remove_stale_upload_temp_files()
