"""Web pages of the consultations app: ``applicant`` (submit, "Konsultasi Saya", the case
page), ``staff`` (queue, case page, one POST view per step) and ``files`` (downloads)."""
